using System.Text.Json.Nodes;

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
