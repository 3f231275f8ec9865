namespace SyncFunctions.Core.Runs;

/// <summary>A status change the run state machine (<see cref="RunStatuses.CanMove"/>) does not allow: a bug or a stale writer.</summary>
public sealed class InvalidRunMoveException(string runId, RunStatus from, RunStatus to)
    : InvalidOperationException($"Run {runId} cannot move from {from} to {to}.")
{
    public RunStatus From { get; } = from;

    public RunStatus To { get; } = to;
}

/// <summary>The one way a run's status changes: every writer (start, rate limits, completion, stop, the poller) moves through here.</summary>
public static class RunMove
{
    /// <summary>
    /// The run in <paramref name="to"/> as of <paramref name="now"/>: started when it first runs, finished (no current step)
    /// when the status is final. Throws <see cref="InvalidRunMoveException"/> for a move the state machine forbids.
    /// </summary>
    public static SyncJobRun MoveTo(this SyncJobRun run, RunStatus to, DateTimeOffset now, string? step = null)
    {
        if (!run.Status.CanMove(to))
        {
            throw new InvalidRunMoveException(run.Id, run.Status, to);
        }

        var final = to.IsFinal();
        return run with
        {
            Status = to,
            UpdatedAt = now,
            StartedAt = to == RunStatus.Running ? run.StartedAt ?? now : run.StartedAt,
            FinishedAt = final ? now : run.FinishedAt,
            CurrentStep = final ? null : step ?? run.CurrentStep,
        };
    }
}
