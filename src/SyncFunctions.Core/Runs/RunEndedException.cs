namespace SyncFunctions.Core.Runs;

/// <summary>
/// The run was stopped, cancelled or failed behind the page that was about to write: the page writes nothing.
/// Terminating a run's orchestration does not end its unit sub-orchestrations on the Functions host, so every page
/// checks before it writes.
/// </summary>
public sealed class RunEndedException(string runId, RunStatus status)
    : Exception($"Run {runId} has ended ({status}); the page writes nothing.")
{
    public const string Code = "run_ended";

    public RunStatus Status { get; } = status;
}
