using System.Text.Json.Nodes;
using SyncFunctions.Core.SyncJobs;

namespace SyncFunctions.Core.Runs;

public static class ErrorHandlingModes
{
    public const string FailFast = "fail_fast";
    public const string Ignore = "ignore";
    public const string Batch = "batch";

    public static readonly IReadOnlyList<string> All = [FailFast, Ignore, Batch];
}

/// <summary>Fetched/persisted per resource and method, as Truto's <c>resource_stats</c>.</summary>
public sealed record MethodStats(long Fetched, long Persisted);

/// <summary>Census counters, meanings as in DESIGN.md.</summary>
public sealed record RunCounters(
    long SourceRecordCount = 0,
    long SourceRecordUpdates = 0,
    long SourceRecordDeletes = 0,
    long SourceRecordInvalids = 0,
    long RecordsProcessed = 0,
    long RecordsUpdated = 0,
    long RecordsFailed = 0);

/// <summary>A stored sync job run: one execution of a job for one integrated account. Its id is also the Durable instance id.</summary>
public sealed record SyncJobRun
{
    public required string Id { get; init; }
    public required string EnvironmentId { get; init; }
    public required string SyncJobId { get; init; }
    public required string IntegratedAccountId { get; init; }
    public required JsonObject Args { get; init; }
    public required IReadOnlyList<SyncJobResource> Resources { get; init; }
    public required RunStatus Status { get; init; }
    public string? DaemonId { get; init; }
    public string? DaemonGroupKey { get; init; }
    public string? WebhookId { get; init; }
    public required string ErrorHandling { get; init; }
    public bool IgnorePreviousRun { get; init; }
    public int Version { get; init; } = 1;
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, MethodStats>> ResourceStats { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, MethodStats>>();
    public RunCounters Counters { get; init; } = new();
    public string? CurrentStep { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public string? ErrorDetail { get; init; }
    public RunErrorKind? ErrorKind { get; init; }

    /// <summary>Pages that failed and were skipped under error_handling ignore/batch.</summary>
    public long PageErrors { get; init; }
    public bool FullSync { get; init; }
    public DateTimeOffset? PreviousRunDate { get; init; }
    public DateTimeOffset? ScheduledExecutionTime { get; init; }
    public required string Trigger { get; init; }

    /// <summary>The run this one retries (<c>POST sync-job-run/{id}/retry</c>).</summary>
    public string? RetryOf { get; init; }

    /// <summary>A partial retry: only these units, each from its failed page. Null: every unit of every entry.</summary>
    public IReadOnlyList<RetryTarget>? RetryTargets { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The greatest updated-at value among the records the run committed (Braze's last_timestamp_synced).</summary>
    public DateTimeOffset? LastTimestampSynced { get; init; }

    public RunOutcome Outcome => new(Counters.RecordsFailed + PageErrors, Counters.SourceRecordInvalids, ErrorKind, PageErrors);
}

/// <summary>A run as Durable payloads name it.</summary>
public sealed record RunRef(string EnvironmentId, string RunId);
