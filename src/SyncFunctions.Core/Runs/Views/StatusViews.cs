namespace SyncFunctions.Core.Runs.Views;

/// <summary>The status table of DESIGN.md, "One status model, four views".</summary>
public static class StatusViews
{
    /// <summary>Truto <c>status</c>: created / running / completed / failed / stopped; null for a skipped run (it never started).</summary>
    public static string? Truto(RunStatus status) => status switch
    {
        RunStatus.Queued => "created",
        RunStatus.Running or RunStatus.RateLimited => "running",
        RunStatus.Completed => "completed",
        RunStatus.Failed => "failed",
        RunStatus.Stopped => "stopped",
        RunStatus.Skipped => null,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Census <c>status</c> and <c>canceled</c>: a stopped run is failed and canceled.</summary>
    public static (string Status, bool Canceled) Census(RunStatus status) => status switch
    {
        RunStatus.Queued => ("queued", false),
        RunStatus.Running or RunStatus.RateLimited => ("working", false),
        RunStatus.Completed => ("completed", false),
        RunStatus.Failed => ("failed", false),
        RunStatus.Stopped => ("failed", true),
        RunStatus.Skipped => ("skipped", false),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Braze <c>job_status</c>; null for a skipped run, which job_sync_status does not list.</summary>
    public static string? Braze(RunStatus status, RunOutcome outcome) => status switch
    {
        RunStatus.Queued or RunStatus.Running or RunStatus.RateLimited => "running",
        RunStatus.Completed => outcome.HasFailedRecords ? "partial" : "success",
        RunStatus.Failed => outcome.ErrorKind == RunErrorKind.Configuration ? "config_error" : "error",
        RunStatus.Stopped => "error",
        RunStatus.Skipped => null,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>ActiveCampaign <c>syncStatus</c>: 1 while a sync is queued or running, else 0; null = a skipped run changes nothing.</summary>
    public static int? ActiveCampaignSyncStatus(RunStatus status) => status switch
    {
        RunStatus.Skipped => null,
        _ => status.IsActive() ? 1 : 0,
    };

    /// <summary>
    /// ActiveCampaign connection <c>status</c> after a run ends: 0 after a configuration/auth failure,
    /// 1 after a run that completed; other endings leave the previous value.
    /// </summary>
    public static int ActiveCampaignStatus(int previous, RunStatus status, RunOutcome outcome) => status switch
    {
        RunStatus.Failed when outcome.ErrorKind == RunErrorKind.Configuration => 0,

        // A completion that skipped pages (error_handling ignore/batch) left the connection's data incomplete: not "ok".
        RunStatus.Completed when outcome.PagesSkipped > 0 => 0,
        RunStatus.Completed => 1,
        _ => previous,
    };
}
