namespace SyncFunctions.Core.Runs.Pages;

/// <summary>
/// Reports a unit's progress from inside a page activity: after a page when <see cref="Interval"/> has passed since
/// the last report, and always when the activity ends. The seed's resource_stats move every 10 seconds; the poller
/// reads these rows on that beat, so reports come more often than that.
/// </summary>
public sealed class UnitProgressReporter(IRunProgressStore store, TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(4);

    public UnitProgressTracker Start(PageWork work) => new(store, clock, work);

    public static string UnitKey(PageWork work) =>
        FormattableString.Invariant($"{work.EntryIndex:D4}:{work.UnitIndex:D6}:{work.ParentKey}");
}

/// <summary>One activity's reports for its unit: the unit's totals before the activity plus what its pages did.</summary>
public sealed class UnitProgressTracker(IRunProgressStore store, TimeProvider clock, PageWork work)
{
    private long _last = clock.GetTimestamp();

    /// <param name="soFar">What this activity's pages did so far.</param>
    public async Task PageDoneAsync(PageOutcome soFar, CancellationToken ct)
    {
        if (clock.GetElapsedTime(_last) >= UnitProgressReporter.Interval)
        {
            await SaveAsync(soFar, ct);
        }
    }

    public Task FinishAsync(PageOutcome? soFar, CancellationToken ct) => soFar is null ? Task.CompletedTask : SaveAsync(soFar, ct);

    private async Task SaveAsync(PageOutcome soFar, CancellationToken ct)
    {
        var before = work.UnitTotals ?? EntryTotals.Zero(work.EntryIndex);
        await store.SaveAsync(work.EnvironmentId, work.RunId, new UnitProgress(UnitProgressReporter.UnitKey(work), before.Add(soFar)), ct);
        _last = clock.GetTimestamp();
    }
}
