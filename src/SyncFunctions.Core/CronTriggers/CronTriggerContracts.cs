using System.Text.Json.Nodes;

namespace SyncFunctions.Core.CronTriggers;

/// <summary>The body of <c>POST api/sync-job-cron-trigger</c>: what each scheduled run is started with, and when.</summary>
public sealed record CreateCronTriggerRequest(
    string? SyncJobId,
    string? IntegratedAccountId,
    JsonObject? Args,
    string? CronExpression,
    string? WebhookId,
    string? DaemonGroupKey);

/// <summary>
/// The body of <c>PATCH api/sync-job-cron-trigger/{id}</c>: given fields replace the stored ones. Naming
/// webhook_id clears daemon_group_key and the other way round, as a run has one or the other.
/// </summary>
public sealed record UpdateCronTriggerRequest(
    string? SyncJobId,
    string? IntegratedAccountId,
    JsonObject? Args,
    string? CronExpression,
    string? WebhookId,
    string? DaemonGroupKey);

public sealed record CronTriggerView(
    string Id,
    string EnvironmentId,
    string SyncJobId,
    string IntegratedAccountId,
    JsonObject Args,
    string CronExpression,
    string? WebhookId,
    string? DaemonGroupKey,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? LastRunAt,
    string? LastRunId,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static CronTriggerView From(CronTrigger t) => new(
        t.Id, t.EnvironmentId, t.SyncJobId, t.IntegratedAccountId, t.Args, t.CronExpression, t.WebhookId, t.DaemonGroupKey,
        t.NextRunAt, t.LastRunAt, t.LastRunId, t.LastError, t.CreatedAt, t.UpdatedAt);
}
