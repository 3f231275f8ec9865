using SyncFunctions.Core.Concurrency;

namespace SyncFunctions.Core.Runs;

/// <summary>Stable error codes of runs the poller ended because their orchestration did.</summary>
public static class ReconcileErrorCodes
{
    public const string OrchestrationFailed = "orchestration_failed";
    public const string OrchestrationTerminated = "orchestration_terminated";
    public const string OrchestrationMissing = "orchestration_missing";
}

/// <summary>What one poll did.</summary>
public sealed record PollResult(int Seen, int Updated, int Reconciled);

/// <summary>
/// Copies each active run's orchestration state into its stored run: progress of running orchestrations (their custom
/// status), and a true final status for runs whose orchestration failed, was terminated outside the API, or vanished.
/// Runs finish correctly without it (the orchestration writes its own final state); it keeps reads cheap and fresh.
/// Safe on several instances at once: every write is an ETag-guarded replace of a freshly read run, re-read (with the
/// orchestration) on conflict, and never moves a final run — so racing pollers converge on one entity and only the
/// writer that made a run final announces it.
/// </summary>
public sealed class RunStatusPoller(IActiveRunIndex index, IRunStore runs, IRunProgressStore progress, RunObservers observers, TimeProvider clock)
{
    /// <summary>A run this young may not have its orchestration scheduled yet: a missing instance is not yet proof of loss.</summary>
    public static readonly TimeSpan MissingGrace = TimeSpan.FromMinutes(2);

    /// <summary>A final run still indexed this long after it finished had its finish notice lost: the poller tells observers again.</summary>
    public static readonly TimeSpan LostNoticeGrace = TimeSpan.FromMinutes(1);

    private const int Attempts = 5;

    public async Task<PollResult> PollAsync(IRunInstanceReader instances, CancellationToken ct)
    {
        int seen = 0, updated = 0, reconciled = 0;
        await foreach (var entry in index.ListAsync(ct).ConfigureAwait(false))
        {
            seen++;
            switch (await PollOneAsync(entry, instances, ct).ConfigureAwait(false))
            {
                case Outcome.Updated:
                    updated++;
                    break;
                case Outcome.Reconciled:
                    reconciled++;
                    break;
            }
        }

        return new PollResult(seen, updated, reconciled);
    }

    private enum Outcome
    {
        None,
        Updated,
        Reconciled,
    }

    private async Task<Outcome> PollOneAsync(ActiveRunRef entry, IRunInstanceReader instances, CancellationToken ct)
    {
        RunUpdate? update;
        try
        {
            update = await runs.UpdateAsync(entry.EnvironmentId, entry.RunId, async run =>
            {
                if (!run.Status.IsActive())
                {
                    return null;
                }

                // Read after the run: an orchestration that finished before this read wrote its final state before, so
                // either the run above is already final or the replace loses to that write (and the run is read again).
                var instance = await instances.GetAsync(run.Id, ct).ConfigureAwait(false);
                if (instance is { Status: RunInstanceStatus.Active })
                {
                    instance = instance with { Progress = await UnitProgressAsync(run, instance.Progress, ct).ConfigureAwait(false) };
                }

                var next = Next(run, instance, clock.GetUtcNow());
                return ReferenceEquals(next, run) ? null : next;
            }, ct, Attempts).ConfigureAwait(false);
        }
        catch (ConcurrencyException)
        {
            // Still changing after every attempt (the orchestration, a stop, other instances' pollers): this run
            // waits for the next tick, and the other runs are still polled in this one.
            return Outcome.None;
        }

        if (update is not var (run, written))
        {
            await index.RemoveAsync(entry, ct).ConfigureAwait(false); // the run was deleted
            return Outcome.None;
        }

        if (written)
        {
            if (run.Status.IsFinal())
            {
                await observers.NotifyAsync(run, RunTransition.Finished, ct).ConfigureAwait(false);
                return Outcome.Reconciled;
            }

            return Outcome.Updated;
        }

        if (run.Status.IsActive() || (run.FinishedAt is { } finished && clock.GetUtcNow() - finished < LostNoticeGrace))
        {
            return Outcome.None; // nothing new; or its finish is being announced right now, and the announcement takes it off the index
        }

        // Still listed long after it finished: the finish notice was lost, maybe for every observer (connection
        // flags, webhook events). Telling them again mends their views; observers are idempotent.
        await observers.NotifyAsync(run, RunTransition.Finished, ct).ConfigureAwait(false);
        await index.RemoveAsync(entry, ct).ConfigureAwait(false);
        return Outcome.None;
    }

    /// <summary>
    /// Totals from the units' own reports, which move while a unit pages; the orchestration's custom status only moves
    /// when a window of units ends. Its current step is kept. Without reports (nothing paged yet), the custom status.
    /// </summary>
    private async Task<RunProgress?> UnitProgressAsync(SyncJobRun run, RunProgress? orchestration, CancellationToken ct)
    {
        var units = await progress.ListAsync(run.EnvironmentId, run.Id, ct).ConfigureAwait(false);
        if (units.Count == 0)
        {
            return orchestration;
        }

        var entries = units
            .GroupBy(u => u.Totals.EntryIndex)
            .Where(g => g.Key >= 0 && g.Key < run.Resources.Count)
            .OrderBy(g => g.Key)
            .Select(g => new EntryProgress(
                run.Resources[g.Key].Resource ?? "",
                run.Resources[g.Key].Method ?? "",
                g.Aggregate(EntryTotals.Zero(g.Key), (sum, u) => sum.Add(u.Totals))))
            .ToList();
        return new RunProgress(orchestration?.CurrentStep, entries);
    }

    /// <summary>The run as the orchestration says it should be; the same reference when nothing changes.</summary>
    private static SyncJobRun Next(SyncJobRun run, RunInstanceState? instance, DateTimeOffset now)
    {
        var progressed = instance?.Progress?.ApplyTo(run, now) ?? run;
        return instance switch
        {
            null when now - run.CreatedAt >= MissingGrace => Fail(progressed, now, ReconcileErrorCodes.OrchestrationMissing, "The run's orchestration does not exist.", null),
            null => run,
            { Status: RunInstanceStatus.Active } => progressed,
            { Status: RunInstanceStatus.Terminated } => Fail(progressed, now, ReconcileErrorCodes.OrchestrationTerminated, "The run's orchestration was terminated outside the API.", null),

            // A completed orchestration records its result before it completes; completed with the run still active
            // means that write never happened.
            { Status: RunInstanceStatus.Completed } => Fail(progressed, now, ReconcileErrorCodes.OrchestrationFailed, "The run's orchestration ended without recording the run's result.", null),
            _ => Fail(progressed, now, ReconcileErrorCodes.OrchestrationFailed, "The run's orchestration failed.", instance.Failure),
        };
    }

    private static SyncJobRun Fail(SyncJobRun run, DateTimeOffset now, string code, string message, string? detail) => run.MoveTo(RunStatus.Failed, now) with
    {
        ErrorCode = code,
        ErrorMessage = message,
        ErrorDetail = detail,
        ErrorKind = RunErrorKind.Other,
    };
}
