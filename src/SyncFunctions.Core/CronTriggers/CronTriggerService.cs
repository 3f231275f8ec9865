using SyncFunctions.Core.Ids;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Concurrency;
using SyncFunctions.Core.Engine.Validation;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Runs;

using SyncFunctions.Core.Security;

namespace SyncFunctions.Core.CronTriggers;

/// <summary>
/// Cron triggers of one environment. A trigger is checked as the run it will start (job, account, args schema,
/// webhook), so a trigger that is accepted starts runs unless its job or account changes later — which then shows in
/// last_error.
/// </summary>
public sealed class CronTriggerService(ICronTriggerStore store, RunPreparation runs, CursorCodec cursors, TimeProvider clock)
{
    public async Task<CronTriggerView> CreateAsync(Tenant tenant, CreateCronTriggerRequest request, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
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
        await ValidateAsync(tenant, trigger, request.SyncJobId, request.IntegratedAccountId, request.CronExpression, ct);
        trigger = trigger with { NextRunAt = CronSchedule.Next(trigger.CronExpression, now) };
        await store.CreateAsync(trigger, ct);
        return CronTriggerView.From(trigger);
    }

    public async Task<CronTriggerView> GetAsync(Tenant tenant, string id, CancellationToken ct) =>
        CronTriggerView.From((await FindAsync(tenant, id, ct)).Trigger);

    public async Task<CronTriggerView> UpdateAsync(Tenant tenant, string id, UpdateCronTriggerRequest request, CancellationToken ct)
    {
        return await OptimisticRetry.RunAsync(async ct =>
        {
            var (current, etag) = await FindAsync(tenant, id, ct);
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
            await ValidateAsync(tenant, updated, updated.SyncJobId, updated.IntegratedAccountId, updated.CronExpression, ct);
            if (request.CronExpression is not null && request.CronExpression != current.CronExpression)
            {
                updated = updated with { NextRunAt = CronSchedule.Next(updated.CronExpression, now) };
            }

            // Guarded: a scheduler claiming this trigger meanwhile keeps its claim, and this change applies on top.
            await store.ReplaceAsync(updated, etag, ct);
            return CronTriggerView.From(updated);
        }, ct);
    }

    public async Task DeleteAsync(Tenant tenant, string id, CancellationToken ct)
    {
        if (tenant.IsRestricted)
        {
            _ = await FindAsync(tenant, id, ct); // a trigger never changes environment, and its account only under a visible key
        }

        if (!await store.DeleteAsync(tenant.EnvironmentId, id, ct))
        {
            throw NotFound();
        }
    }

    /// <summary>A restricted key's pages leave out other accounts' triggers, so a page may be short and still go on.</summary>
    public async Task<CursorPage<CronTriggerView>> ListAsync(Tenant tenant, string? cursor, int limit, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        var scope = $"cron-triggers:{environmentId}";
        var page = await store.ListAsync(environmentId, limit, cursors.Decode(scope, cursor), ct);
        return new CursorPage<CronTriggerView>(
            page.Items.Where(t => tenant.MaySee(t.IntegratedAccountId)).Select(CronTriggerView.From).ToList(),
            page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }

    /// <summary>The run request a trigger starts its runs with.</summary>
    public static CreateRunRequest RunRequest(CronTrigger trigger) => new(
        trigger.SyncJobId, trigger.IntegratedAccountId, trigger.Args.DeepClone().AsObject(), null, null, null, trigger.DaemonGroupKey, trigger.WebhookId);

    /// <remarks>The raw values are checked for presence, since a trigger record holds non-null strings.</remarks>
    private async Task ValidateAsync(Tenant tenant, CronTrigger trigger, string? syncJobId, string? accountId, string? cronExpression, CancellationToken ct)
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

        // The same checks a run request meets; the prepared run and its plan are thrown away.
        await runs.PrepareAsync(tenant, request, "cron trigger validation", ct);
    }

    private async Task<(CronTrigger Trigger, string ETag)> FindAsync(Tenant tenant, string id, CancellationToken ct) =>
        await store.GetForUpdateAsync(tenant.EnvironmentId, id, ct) is { } found && tenant.MaySee(found.Trigger.IntegratedAccountId) ? found : throw NotFound();

    private static ApiException NotFound() => ApiException.NotFound("The cron trigger", "id");
}
