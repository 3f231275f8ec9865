namespace SyncFunctions.Core.Runs;

/// <summary>One entry's totals so far, named so a reader needs no plan.</summary>
public sealed record EntryProgress(string Resource, string Method, EntryTotals Totals);

/// <summary>
/// How far a running run has got: the run orchestration publishes it as its Durable custom status after each window
/// of units, and the status poller copies it into the run's stored resource_stats, counters and current_step. Sums
/// are cumulative over the whole run (they come from the orchestration's checkpoint), so a later value never undoes
/// an earlier one.
/// </summary>
public sealed record RunProgress(string? CurrentStep, IReadOnlyList<EntryProgress> Entries)
{
    /// <param name="totals">Totals of finished entries plus the entry in progress.</param>
    public static RunProgress Of(IReadOnlyList<EntrySummary> entries, IEnumerable<EntryTotals> totals, EntrySummary current) => new(
        $"Syncing {current.Resource} ({current.Method})",
        totals.Select(t => Named(entries.Single(e => e.EntryIndex == t.EntryIndex), t)).ToList());

    private static EntryProgress Named(EntrySummary entry, EntryTotals totals) => new(entry.Resource, entry.Method, totals);

    /// <summary>Truto's resource_stats: fetched/persisted per resource and method.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, MethodStats>> ResourceStats() =>
        Entries.GroupBy(e => e.Resource, StringComparer.Ordinal).ToDictionary(
            r => r.Key,
            r => (IReadOnlyDictionary<string, MethodStats>)r.GroupBy(e => e.Method, StringComparer.Ordinal).ToDictionary(
                m => m.Key,
                m => new MethodStats(m.Sum(e => e.Totals.Fetched), m.Sum(e => e.Totals.Persisted)),
                StringComparer.Ordinal),
            StringComparer.Ordinal);

    /// <summary>Census counters as the completed run reports them, less deletes only a complete listing can prove.</summary>
    public RunCounters Counters()
    {
        var sum = Entries.Aggregate(EntryTotals.Zero(-1), (a, e) => a.Add(e.Totals));
        return new RunCounters(
            SourceRecordCount: sum.Fetched,
            SourceRecordUpdates: sum.Created + sum.Updated,
            SourceRecordDeletes: sum.Deleted,
            SourceRecordInvalids: sum.Invalid,
            RecordsProcessed: sum.Persisted + sum.Rejected,
            RecordsUpdated: sum.Persisted,
            RecordsFailed: sum.Rejected);
    }

    /// <summary>The run with this progress applied; the same run (reference) when nothing would change.</summary>
    public SyncJobRun ApplyTo(SyncJobRun run, DateTimeOffset now)
    {
        var stats = ResourceStats();
        var counters = Counters();
        var pageErrors = Entries.Sum(e => e.Totals.PageErrors);

        // A rate-limited run's step says how long it waits; the marker that set it restores it when the call is over.
        var step = run.Status == RunStatus.RateLimited ? run.CurrentStep : CurrentStep ?? run.CurrentStep;
        if (counters == run.Counters && step == run.CurrentStep && pageErrors == run.PageErrors && SameStats(stats, run.ResourceStats))
        {
            return run;
        }

        return run with { ResourceStats = stats, Counters = counters, CurrentStep = step, PageErrors = pageErrors, UpdatedAt = now };
    }

    private static bool SameStats(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, MethodStats>> a,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, MethodStats>> b) =>
        a.Count == b.Count && a.All(r => b.TryGetValue(r.Key, out var methods)
            && methods.Count == r.Value.Count
            && r.Value.All(m => methods.TryGetValue(m.Key, out var s) && s == m.Value));
}
