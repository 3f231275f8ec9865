using System.Text.Json.Nodes;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Concurrency;

namespace SyncFunctions.Core.CronTriggers;

/// <summary>
/// Starts runs of one sync job for one account on a UTC cron schedule. <see cref="NextRunAt"/> is the due time the
/// scheduler claims next; <see cref="LastRunAt"/> the due time it claimed last, with the run it started
/// (<see cref="LastRunId"/>) or why none could start (<see cref="LastError"/>).
/// </summary>
public sealed record CronTrigger
{
    public required string Id { get; init; }

    public required string EnvironmentId { get; init; }

    public required string SyncJobId { get; init; }

    public required string IntegratedAccountId { get; init; }

    public required JsonObject Args { get; init; }

    public required string CronExpression { get; init; }

    public string? WebhookId { get; init; }

    public string? DaemonGroupKey { get; init; }

    public DateTimeOffset? NextRunAt { get; init; }

    public DateTimeOffset? LastRunAt { get; init; }

    public string? LastRunId { get; init; }

    public string? LastError { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}

public interface ICronTriggerStore
{
    Task CreateAsync(CronTrigger trigger, CancellationToken ct);

    Task<(CronTrigger Trigger, string ETag)?> GetForUpdateAsync(string environmentId, string id, CancellationToken ct);

    /// <summary>Replaces the trigger if unchanged since <paramref name="etag"/>; otherwise <see cref="Concurrency.ConcurrencyException"/>.</summary>
    Task ReplaceAsync(CronTrigger trigger, string etag, CancellationToken ct);

    /// <summary>True when something was deleted.</summary>
    Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct);

    Task<StorePage<CronTrigger>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct);

    /// <summary>Triggers of every environment whose next run is at or before <paramref name="now"/>.</summary>
    IAsyncEnumerable<CronTrigger> ListDueAsync(DateTimeOffset now, CancellationToken ct);
}
