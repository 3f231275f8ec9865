namespace SyncFunctions.Core.Runs;

/// <summary>
/// The one internal state machine of a sync job run: queued → running (⇄ rate_limited) →
/// completed | failed | stopped, or skipped when a trigger found the same job and account running.
/// Every public view (Truto, Census, Braze, ActiveCampaign) is derived from this and
/// <see cref="RunOutcome"/>; none is stored separately.
/// </summary>
public enum RunStatus
{
    Queued,
    Running,
    RateLimited,
    Completed,
    Failed,
    Stopped,
    Skipped,
}

/// <summary>What a status view needs besides the status: whether records failed, and what kind of failure ended the run.</summary>
/// <param name="PagesSkipped">Pages that failed, so that the rest of their unit was never fetched: an incomplete sync.</param>
public sealed record RunOutcome(long RecordsFailed, long RecordsInvalid, RunErrorKind? ErrorKind, long PagesSkipped = 0)
{
    public static RunOutcome Clean { get; } = new(0, 0, null);

    public bool HasFailedRecords => RecordsFailed + RecordsInvalid > 0;
}

/// <summary>Configuration/auth failures are told apart: Braze reports them as config_error, ActiveCampaign as status 0.</summary>
public enum RunErrorKind
{
    Configuration,
    Other,
}

public static class RunStatuses
{
    public static bool IsActive(this RunStatus status) => status is RunStatus.Queued or RunStatus.Running or RunStatus.RateLimited;

    public static bool IsFinal(this RunStatus status) => status is RunStatus.Completed or RunStatus.Failed or RunStatus.Stopped or RunStatus.Skipped;

    /// <summary>The transitions the state machine allows; anything else is a bug or a stale writer.</summary>
    public static bool CanMove(this RunStatus from, RunStatus to) => (from, to) switch
    {
        (RunStatus.Queued, RunStatus.Running or RunStatus.Failed or RunStatus.Stopped or RunStatus.Skipped) => true,
        (RunStatus.Running, RunStatus.RateLimited or RunStatus.Completed or RunStatus.Failed or RunStatus.Stopped) => true,
        (RunStatus.RateLimited, RunStatus.Running or RunStatus.Completed or RunStatus.Failed or RunStatus.Stopped) => true,
        _ => false,
    };
}
