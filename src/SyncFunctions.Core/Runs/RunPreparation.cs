using System.Text.Json.Nodes;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Ids;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Security;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Webhooks;

namespace SyncFunctions.Core.Runs;

/// <summary>A run that passed every check, with the plan its orchestration will carry; neither is stored yet.</summary>
public sealed record PreparedRun(SyncJobRun Run, RunPlanSummary Plan);

/// <summary>
/// Turns a run request, or a retry, into a queued run and its plan: every check a run request can fail happens here,
/// before anything is stored or started, and the definitions are read and planned here once for the whole run.
/// </summary>
public sealed class RunPreparation(
    IRunStore runs, SyncJobService jobs, IAccountStore accounts, IIntegrationStore integrations, IWebhookStore webhooks, RunPlanner planner, RunRetries retries, TimeProvider clock)
{
    /// <summary>Validates the request against the job, account and args schema, and plans the run.</summary>
    public async Task<PreparedRun> PrepareAsync(Tenant tenant, CreateRunRequest request, string trigger, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        var errors = RunRequestRules.Check(request);
        if (errors.Count > 0)
        {
            throw ApiException.Validation(errors);
        }

        var job = await jobs.FindAsync(environmentId, request.SyncJobId!, "sync_job_id", ct);
        var account = (tenant.MaySee(request.IntegratedAccountId) ? await accounts.GetAsync(environmentId, request.IntegratedAccountId!, ct) : null)
            ?? throw ApiException.NotFound("The integrated account", "integrated_account_id");
        if (account.IntegrationName != job.Definition.IntegrationName)
        {
            throw ApiException.Validation(
                "integrated_account_id",
                $"The account connects to '{account.IntegrationName}', the sync job syncs '{job.Definition.IntegrationName}'.");
        }

        var integration = (await integrations.GetAsync(environmentId, job.Definition.IntegrationName!, ct))?.Definition
            ?? throw ApiException.Conflict(ErrorCodes.Conflict, $"The sync job's integration '{job.Definition.IntegrationName}' no longer exists.", "sync_job_id");

        var args = request.Args ?? new JsonObject();
        var argErrors = await ArgsSchema.ValidateAsync(job.Definition.ArgsSchema, args);
        if (argErrors.Count > 0)
        {
            throw ApiException.Validation(argErrors);
        }

        var resources = job.Definition.Resources ?? [];
        SyncJobPlan plan;
        try
        {
            // Loop arguments that are not arrays and the like surface now, not minutes into the run.
            plan = await planner.PlanAsync(environmentId, integration, account, resources, args, ct);
        }
        catch (SyncEngineException ex)
        {
            throw ex.Errors.Count > 0 ? ApiException.Validation(ex.Errors) : ApiException.Validation(ex.Field ?? "args", ex.Message, ex.Code);
        }

        if (request.WebhookId is not null)
        {
            await CheckWebhookAsync(environmentId, request.WebhookId, ct);
        }

        var ignorePrevious = request.IgnorePreviousRun ?? false;
        var previous = ignorePrevious ? null : await runs.LastCompletedStartAsync(environmentId, job.Id, account.Id, ct);
        var now = clock.GetUtcNow();
        var run = new SyncJobRun
        {
            Id = TimeOrderedId.New(clock),
            EnvironmentId = environmentId,
            SyncJobId = job.Id,
            IntegratedAccountId = account.Id,
            Args = args,
            Resources = resources,
            Status = RunStatus.Queued,
            DaemonGroupKey = request.WebhookId is null ? request.DaemonGroupKey ?? RunRequestRules.DefaultDaemonGroup : null,
            WebhookId = request.WebhookId,
            ErrorHandling = request.ErrorHandling ?? ErrorHandlingModes.Ignore,
            IgnorePreviousRun = ignorePrevious,
            Version = request.Version ?? 1,
            FullSync = previous is null,
            PreviousRunDate = previous,
            Trigger = trigger,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return new PreparedRun(run, planner.Summarize(run, plan, integration));
    }

    /// <summary>A new run retrying a finished one (see <see cref="RunRetries"/>), planned against today's definitions.</summary>
    public async Task<PreparedRun> PrepareRetryAsync(Tenant tenant, string sourceId, CancellationToken ct)
    {
        var run = await retries.PrepareAsync(tenant, sourceId, ct);
        try
        {
            return new PreparedRun(run, await planner.PlanAsync(run, ct));
        }
        catch (SyncEngineException ex)
        {
            // The account, its integration or a unified model changed so that the run no longer plans.
            throw ApiException.Conflict(ErrorCodes.Conflict, $"The run cannot be retried as it was: {ex.Message}", ex.Field ?? "id");
        }
    }

    /// <summary>Page delivery needs a webhook of this environment that takes record events.</summary>
    private async Task CheckWebhookAsync(string environmentId, string webhookId, CancellationToken ct)
    {
        var webhook = await webhooks.GetAsync(environmentId, webhookId, ct)
            ?? throw new ApiException(ProblemKind.NotFound, WebhookErrorCodes.NotFound, "Not found.", "The webhook was not found.", "webhook_id");
        if (!webhook.Subscribes(WebhookEvents.Record))
        {
            throw ApiException.Validation("webhook_id", $"The webhook does not subscribe to {WebhookEvents.Record}, which delivers the run's records.");
        }
    }
}
