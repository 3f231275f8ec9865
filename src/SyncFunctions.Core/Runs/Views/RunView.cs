using System.Text.Json.Nodes;
using SyncFunctions.Core.SyncJobs;

namespace SyncFunctions.Core.Runs.Views;

/// <summary>
/// The run as <c>GET api/sync-job-run/{id}</c> returns it: every Truto field, the Census counters
/// and step/error fields, and the embedded sync job. Status strings come from <see cref="StatusViews"/>.
/// <c>status</c> is Truto's; Census's own status (working/completed/failed/skipped/queued) is <c>census_status</c>,
/// because both APIs call theirs <c>status</c> and Truto's came first.
/// </summary>
public sealed record RunView(
    string Id,
    JsonObject Args,
    IReadOnlyList<SyncJobResource> Resources,
    string SyncJobId,
    string IntegratedAccountId,
    string? Status,
    string? DaemonId,
    string? DaemonGroupKey,
    string? WebhookId,
    string ErrorHandling,
    bool IgnorePreviousRun,
    int Version,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, MethodStats>> ResourceStats,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    SyncJobView? SyncJob,
    long SourceRecordCount,
    long SourceRecordUpdates,
    long SourceRecordDeletes,
    long SourceRecordInvalids,
    long RecordsProcessed,
    long RecordsUpdated,
    long RecordsFailed,
    string? CurrentStep,
    string? ErrorCode,
    string? ErrorMessage,
    string? ErrorDetail,
    bool FullSync,
    bool Canceled,
    DateTimeOffset? ScheduledExecutionTime,
    DateTimeOffset? CompletedAt,
    string Trigger,
    string CensusStatus)
{
    /// <summary>The run is waiting out an upstream 429 (Truto's status stays running; Census working).</summary>
    public bool RateLimited { get; init; }

    /// <summary>The run this one retries, if it is a retry.</summary>
    public string? RetryOf { get; init; }

    public static RunView From(SyncJobRun run, SyncJobView? job)
    {
        var (censusStatus, canceled) = StatusViews.Census(run.Status);
        var c = run.Counters;
        return new RunView(
            run.Id, run.Args, run.Resources, run.SyncJobId, run.IntegratedAccountId,
            StatusViews.Truto(run.Status) ?? "skipped",
            run.DaemonId, run.DaemonGroupKey, run.WebhookId, run.ErrorHandling, run.IgnorePreviousRun, run.Version,
            run.ResourceStats, run.CreatedAt, run.UpdatedAt, run.StartedAt, run.FinishedAt, job,
            c.SourceRecordCount, c.SourceRecordUpdates, c.SourceRecordDeletes, c.SourceRecordInvalids,
            c.RecordsProcessed, c.RecordsUpdated, c.RecordsFailed,
            run.Status.IsActive() ? run.CurrentStep : null,
            run.ErrorCode, run.ErrorMessage, run.ErrorDetail, run.FullSync, canceled, run.ScheduledExecutionTime,
            run.Status == RunStatus.Completed ? run.FinishedAt : null,
            run.Trigger,
            censusStatus)
        {
            RateLimited = run.Status == RunStatus.RateLimited,
            RetryOf = run.RetryOf,
        };
    }
}
