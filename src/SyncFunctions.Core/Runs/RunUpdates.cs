using SyncFunctions.Core.Concurrency;

namespace SyncFunctions.Core.Runs;

/// <summary>What <see cref="RunUpdates.UpdateAsync(IRunStore, string, string, Func{SyncJobRun, SyncJobRun?}, CancellationToken, int)"/> found and did: the run as stored afterwards, and whether this call wrote it.</summary>
public sealed record RunUpdate(SyncJobRun Run, bool Written);

/// <summary>
/// The one read–decide–write of a run row under its ETag; every writer of a run (starter, stopper, completion,
/// rate-limit marker, poller) goes through it, and moves the status with <see cref="RunMove.MoveTo"/>, which checks the
/// move. The decision is made on the run as read; a concurrent write makes it read and decide again, spaced by
/// <see cref="OptimisticRetry"/>, and after the last attempt the <see cref="ConcurrencyException"/> reaches the caller.
/// </summary>
public static class RunUpdates
{
    /// <param name="decide">The run's next state, or null to leave the run as read (nothing is written). It may throw to refuse.</param>
    /// <returns>Null when the run does not exist.</returns>
    public static Task<RunUpdate?> UpdateAsync(
        this IRunStore runs, string environmentId, string runId, Func<SyncJobRun, SyncJobRun?> decide, CancellationToken ct, int attempts = OptimisticRetry.Attempts) =>
        runs.UpdateAsync(environmentId, runId, run => Task.FromResult(decide(run)), ct, attempts);

    /// <param name="decide">As above, for a decision that reads something else first (the poller reads the orchestration).</param>
    public static Task<RunUpdate?> UpdateAsync(
        this IRunStore runs, string environmentId, string runId, Func<SyncJobRun, Task<SyncJobRun?>> decide, CancellationToken ct, int attempts = OptimisticRetry.Attempts) =>
        OptimisticRetry.RunAsync<RunUpdate?>(async token =>
        {
            if (await runs.GetForUpdateAsync(environmentId, runId, token) is not var (run, etag))
            {
                return null;
            }

            if (await decide(run) is not { } next)
            {
                return new RunUpdate(run, false);
            }

            await runs.ReplaceAsync(next, etag, token);
            return new RunUpdate(next, true);
        }, ct, attempts);
}
