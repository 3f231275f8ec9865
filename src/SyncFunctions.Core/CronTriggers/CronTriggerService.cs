using SyncFunctions.Core.Ids;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Concurrency;
using SyncFunctions.Core.Engine.Validation;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Core.CronTriggers;

/// <summary>
/// Cron triggers of one environment. A trigger is checked as the run it will start (job, account, args schema,
/// webhook), so a trigger that is accepted starts runs unless its job or account changes later — which then shows in
/// last_error.
/// </summary>
public sealed class CronTriggerService(ICronTriggerStore store, RunService runs, CursorCodec cursors, TimeProvider clock)
{
    public async Task<CronTriggerView> CreateAsync(string environmentId, CreateCronTriggerRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var trigger = new CronTrigger
        {
            Id = TimeOrderedId.New(clock),
            EnvironmentId = environmentId,
            SyncJobId = request.SyncJobId!,
            IntegratedAccountId = request.IntegratedAccountId!,
            Args = request.Args ?? new JsonObject(),
            CronExpression = request.CronExpression!,
            WebhookId = request.WebhookId,
            DaemonGroupKey = request.DaemonGroupKey,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await ValidateAsync(trigger, request.SyncJobId, request.IntegratedAccountId, request.CronExpression, ct);
        trigger = trigger with { NextRunAt = CronSchedule.Next(trigger.CronExpression, now) };
        await store.CreateAsync(trigger, ct);
        return CronTriggerView.From(trigger);
    }

    public async Task<CronTriggerView> GetAsync(string environmentId, string id, CancellationToken ct) =>
        CronTriggerView.From((await store.GetForUpdateAsync(environmentId, id, ct) ?? throw NotFound()).Trigger);

    public async Task<CronTriggerView> UpdateAsync(string environmentId, string id, UpdateCronTriggerRequest request, CancellationToken ct)
    {
        return await OptimisticRetry.RunAsync(async ct =>
        {
            var (current, etag) = await store.GetForUpdateAsync(environmentId, id, ct) ?? throw NotFound();
            var now = clock.GetUtcNow();
            var updated = current with
            {
                SyncJobId = request.SyncJobId ?? current.SyncJobId,
                IntegratedAccountId = request.IntegratedAccountId ?? current.IntegratedAccountId,
                Args = request.Args ?? current.Args,
                CronExpression = request.CronExpression ?? current.CronExpression,
                WebhookId = request.WebhookId ?? (request.DaemonGroupKey is null ? current.WebhookId : null),
                DaemonGroupKey = request.DaemonGroupKey ?? (request.WebhookId is null ? current.DaemonGroupKey : null),
                UpdatedAt = now,
            };
            await ValidateAsync(updated, updated.SyncJobId, updated.IntegratedAccountId, updated.CronExpression, ct);
            if (request.CronExpression is not null && request.CronExpression != current.CronExpression)
            {
                updated = updated with { NextRunAt = CronSchedule.Next(updated.CronExpression, now) };
            }

            // Guarded: a scheduler claiming this trigger meanwhile keeps its claim, and this change applies on top.
            await store.ReplaceAsync(updated, etag, ct);
            return CronTriggerView.From(updated);
        }, ct);
    }

    public async Task DeleteAsync(string environmentId, string id, CancellationToken ct)
    {
        if (!await store.DeleteAsync(environmentId, id, ct))
        {
            throw NotFound();
        }
    }

    public async Task<CursorPage<CronTriggerView>> ListAsync(string environmentId, string? cursor, int limit, CancellationToken ct)
    {
        var scope = $"cron-triggers:{environmentId}";
        var page = await store.ListAsync(environmentId, limit, cursors.Decode(scope, cursor), ct);
        return new CursorPage<CronTriggerView>(
            page.Items.Select(CronTriggerView.From).ToList(),
            page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }

    /// <summary>The run request a trigger starts its runs with.</summary>
    public static CreateRunRequest RunRequest(CronTrigger trigger) => new(
        trigger.SyncJobId, trigger.IntegratedAccountId, trigger.Args.DeepClone().AsObject(), null, null, null, trigger.DaemonGroupKey, trigger.WebhookId);

    /// <remarks>The raw values are checked for presence, since a trigger record holds non-null strings.</remarks>
    private async Task ValidateAsync(CronTrigger trigger, string? syncJobId, string? accountId, string? cronExpression, CancellationToken ct)
    {
        var request = RunRequest(trigger) with { SyncJobId = syncJobId, IntegratedAccountId = accountId };
        var errors = RunRequestRules.Check(request).ToList();
        if (string.IsNullOrWhiteSpace(cronExpression))
        {
            errors.Add(new FieldError("cron_expression", ValidationCodes.Required, "cron_expression is required."));
        }
        else if (CronSchedule.Check(cronExpression, clock.GetUtcNow()) is { } problem)
        {
            errors.Add(new FieldError("cron_expression", ValidationCodes.Invalid, problem));
        }

        if (errors.Count > 0)
        {
            throw ApiException.Validation(errors);
        }

        // The same checks a run request meets; the prepared run is thrown away.
        await runs.PrepareAsync(trigger.EnvironmentId, request, "cron trigger validation", ct);
    }

    private static ApiException NotFound() => ApiException.NotFound("The cron trigger", "id");
}
