using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Runs.Pages;

namespace SyncFunctions.Core.Runs;

/// <summary>Sums of page outcomes for one entry.</summary>
public sealed record EntryTotals(int EntryIndex, long Fetched, long Invalid, long Created, long Updated, long Deleted, long Unchanged, long Rejected, long PageErrors, DateTimeOffset? MaxUpdatedAt)
{
    public static EntryTotals Zero(int entryIndex) => new(entryIndex, 0, 0, 0, 0, 0, 0, 0, 0, null);

    public long Persisted => Created + Updated + Deleted + Unchanged;

    public EntryTotals Add(PageOutcome page) =>
        Add(new EntryTotals(EntryIndex, page.Fetched, page.Invalid, page.Created, page.Updated, page.Deleted, page.Unchanged, page.Rejected, 0, page.MaxUpdatedAt));

    public EntryTotals Add(EntryTotals other) => this with
    {
        Fetched = Fetched + other.Fetched,
        Invalid = Invalid + other.Invalid,
        Created = Created + other.Created,
        Updated = Updated + other.Updated,
        Deleted = Deleted + other.Deleted,
        Unchanged = Unchanged + other.Unchanged,
        Rejected = Rejected + other.Rejected,
        PageErrors = PageErrors + other.PageErrors,
        MaxUpdatedAt = Max(MaxUpdatedAt, other.MaxUpdatedAt),
    };

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);
}

public sealed record RunFailure(string Code, string Message, string? Detail, RunErrorKind Kind);

/// <param name="Failure">What ended the run, when it failed.</param>
/// <param name="Ignored">The first page error that error_handling ignore/batch skipped past; the run still completes.</param>
public sealed record CompleteRunInput(RunRef Run, IReadOnlyList<EntrySummary> Entries, IReadOnlyList<EntryTotals> Totals, RunFailure? Failure, RunFailure? Ignored = null);

public sealed record RunResult(string RunId, string Status);

/// <summary>
/// The end of a run, when its orchestration has run every unit: deletes tombstoned, parent records dropped, the run's
/// counters and its final status (completed or failed; a run stopped meanwhile stays stopped).
/// </summary>
public sealed class RunCompletion(IRunStore runs, IRecordStore records, IRunParentStore parents, IRunProgressStore progress, RunObservers observers, TimeProvider clock)
{
    public async Task<RunResult> CompleteAsync(CompleteRunInput input, CancellationToken ct)
    {
        var reference = input.Run;
        var run = await runs.GetAsync(reference.EnvironmentId, reference.RunId, ct)
            ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, $"Run {reference.RunId} does not exist.");

        long tombstoned = 0;
        if (input.Failure is null)
        {
            foreach (var entry in input.Entries.Where(e => e.TracksDeletes))
            {
                // Only a complete listing proves absence; an entry with failed pages proves nothing.
                if (input.Totals.Where(t => t.EntryIndex == entry.EntryIndex).Sum(t => t.PageErrors) == 0)
                {
                    tombstoned += await records.TombstoneUnseenAsync(new RecordScope(run.EnvironmentId, run.IntegratedAccountId, entry.Resource), run.Id, ct);
                }
            }
        }

        // The children have run: the parent records kept for their placeholders are not needed any more.
        var parentEntries = input.Entries.Where(e => e.ParentIndex is not null).Select(e => e.ParentIndex!.Value).Distinct().ToList();
        if (parentEntries.Count > 0)
        {
            await parents.DeleteAsync(reference.EnvironmentId, reference.RunId, parentEntries, ct);
        }

        var stats = new Dictionary<string, Dictionary<string, MethodStats>>(StringComparer.Ordinal);
        foreach (var total in input.Totals)
        {
            var entry = input.Entries.Single(e => e.EntryIndex == total.EntryIndex);
            var byMethod = stats.TryGetValue(entry.Resource, out var m) ? m : stats[entry.Resource] = new Dictionary<string, MethodStats>(StringComparer.Ordinal);
            var before = byMethod.GetValueOrDefault(entry.Method) ?? new MethodStats(0, 0);
            byMethod[entry.Method] = new MethodStats(before.Fetched + total.Fetched, before.Persisted + total.Persisted);
        }

        var sum = input.Totals.Aggregate(EntryTotals.Zero(-1), (a, t) => a.Add(t));
        var counters = new RunCounters(
            SourceRecordCount: sum.Fetched,
            SourceRecordUpdates: sum.Created + sum.Updated,
            SourceRecordDeletes: sum.Deleted + tombstoned,
            SourceRecordInvalids: sum.Invalid,
            RecordsProcessed: sum.Persisted + sum.Rejected,
            RecordsUpdated: sum.Persisted,
            RecordsFailed: sum.Rejected);

        var update = await runs.UpdateAsync(reference.EnvironmentId, reference.RunId, current => current.Status.IsFinal()
            ? null // stopped meanwhile: the stop wins
            : current.MoveTo(input.Failure is null ? RunStatus.Completed : RunStatus.Failed, clock.GetUtcNow()) with
            {
                Counters = counters,
                ResourceStats = stats.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, MethodStats>)s.Value, StringComparer.Ordinal),
                ErrorCode = (input.Failure ?? input.Ignored)?.Code,
                ErrorMessage = (input.Failure ?? input.Ignored)?.Message,
                ErrorDetail = (input.Failure ?? input.Ignored)?.Detail,
                ErrorKind = input.Failure?.Kind,
                PageErrors = sum.PageErrors,
                LastTimestampSynced = sum.MaxUpdatedAt,
            }, ct)
            ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, $"Run {reference.RunId} does not exist.");
        if (update.Written)
        {
            await observers.NotifyAsync(update.Run, RunTransition.Finished, ct);

            // The final totals are the run's own now; the units' running reports have done their job.
            await progress.DeleteAsync(reference.EnvironmentId, reference.RunId, ct);
        }

        return new RunResult(update.Run.Id, update.Run.Status.ToString());
    }
}
