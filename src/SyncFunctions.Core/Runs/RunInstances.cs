namespace SyncFunctions.Core.Runs;

/// <summary>The orchestration runtime states the poller tells apart.</summary>
public enum RunInstanceStatus
{
    /// <summary>Pending, running, suspended or continued as new: still working.</summary>
    Active,
    Completed,
    Failed,
    Terminated,
}

/// <param name="Progress">The orchestration's custom status, when it has published one.</param>
/// <param name="Failure">Why a failed orchestration failed (exception type and message).</param>
public sealed record RunInstanceState(RunInstanceStatus Status, RunProgress? Progress, string? Failure);
