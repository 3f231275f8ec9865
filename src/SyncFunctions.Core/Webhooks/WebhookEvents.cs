namespace SyncFunctions.Core.Webhooks;

/// <summary>The events a webhook target can subscribe to; names are part of the API, so never rename one.</summary>
public static class WebhookEvents
{
    /// <summary>One page of a run's records, delivered instead of being stored (a run created with <c>webhook_id</c>).</summary>
    public const string Record = "sync_job_run:record";

    public const string Created = "sync_job_run:created";
    public const string Started = "sync_job_run:started";
    public const string Completed = "sync_job_run:completed";
    public const string Failed = "sync_job_run:failed";
    public const string RecordError = "sync_job_run:record_error";

    public static readonly IReadOnlyList<string> All = [Record, Created, Started, Completed, Failed, RecordError];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
