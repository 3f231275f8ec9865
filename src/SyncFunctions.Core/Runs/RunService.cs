using System.Text.Json.Nodes;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Ids;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Runs.Views;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;
using SyncFunctions.Core.Webhooks;

using SyncFunctions.Core.Security;
using SyncFunctions.Core.Concurrency;

namespace SyncFunctions.Core.Runs;

/// <summary>Creating and reading runs: every check a run request can fail happens here, before anything is stored or started.</summary>
public sealed class RunService(
    IRunStore runs,
    SyncJobService jobs,
    IAccountStore accounts,
    IIntegrationStore integrations,
    IWebhookStore webhooks,
    CursorCodec cursors,
    TimeProvider clock,
    IRunParentStore parents,
    IRunErrorStore errors,
    IRunProgressStore progress,
    RunObservers observers,
    UnifiedCatalogLoader unifiedModels)
{
    /// <summary>Validates the request against the job, account and args schema and returns a queued run (not yet stored).</summary>
    public async Task<SyncJobRun> PrepareAsync(Tenant tenant, CreateRunRequest request, string trigger, CancellationToken ct)
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

        try
        {
            // Loop arguments that are not arrays and the like surface now, not minutes into the run.
            var unified = await unifiedModels.LoadAsync(environmentId, (job.Definition.Resources ?? []).Select(r => r.Resource), integration.UnifiedOverrides, account.UnifiedOverrides, ct);
            SyncJobPlanner.Plan(job.Definition, integration, args, unified);
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
        return new SyncJobRun
        {
            Id = TimeOrderedId.New(clock),
            EnvironmentId = environmentId,
            SyncJobId = job.Id,
            IntegratedAccountId = account.Id,
            Args = args,
            Resources = job.Definition.Resources ?? [],
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
    }

    /// <summary>
    /// Marks an active run stopped. The caller then terminates its orchestration; the stop is written
    /// first, so a completion racing with it finds a final run and leaves it stopped.
    /// </summary>
    public async Task<RunView> StopAsync(Tenant tenant, string id, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (run, etag) = await runs.GetForUpdateAsync(tenant.EnvironmentId, id, ct) is { } found && tenant.MaySee(found.Run.IntegratedAccountId)
                ? found
                : throw RunNotFound();
            if (!run.Status.IsActive())
            {
                throw ApiException.Conflict("run_finished", $"The run has already ended ({StatusViews.Truto(run.Status) ?? "skipped"}).", "status");
            }

            var now = clock.GetUtcNow();
            var stopped = run.MoveTo(RunStatus.Stopped, now);
            try
            {
                await runs.ReplaceAsync(stopped, etag, ct);
                await observers.NotifyAsync(stopped, RunTransition.Finished, ct);
                return await ViewAsync(stopped, ct);
            }
            catch (ConcurrencyException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>Deletes a finished run; an active one must be stopped first.</summary>
    public async Task DeleteAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        var run = await FindAsync(tenant, id, ct);
        if (run.Status.IsActive())
        {
            throw ApiException.Conflict("run_active", "The run is still running; stop it first (PATCH with {\"status\":\"stopped\"}).", "id");
        }

        // A stopped run never reached the cleanup at completion.
        await parents.DeleteAsync(environmentId, id, Enumerable.Range(0, run.Resources.Count), ct);
        await errors.DeleteAsync(environmentId, id, ct);
        await progress.DeleteAsync(environmentId, id, ct);
        await runs.DeleteAsync(environmentId, id, ct);
    }

    public async Task<RunView> GetAsync(Tenant tenant, string id, CancellationToken ct) => await ViewAsync(await FindAsync(tenant, id, ct), ct);

    /// <summary>A run the caller may see: one of another account (for a restricted key) does not exist.</summary>
    public async Task<SyncJobRun> FindAsync(Tenant tenant, string id, CancellationToken ct) =>
        await runs.GetAsync(tenant.EnvironmentId, id, ct) is { } run && tenant.MaySee(run.IntegratedAccountId) ? run : throw RunNotFound();

    /// <summary>A restricted key's pages leave out other accounts' runs, so a page may be short and still go on.</summary>
    public async Task<CursorPage<RunView>> ListAsync(Tenant tenant, RunFilter filter, string? cursor, int limit, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        var scope = $"runs:{environmentId}:{filter.SyncJobId}:{filter.IntegratedAccountId}:{filter.Status}";
        var continuation = cursors.Decode(scope, cursor);
        if (filter.IntegratedAccountId is { } only && !tenant.MaySee(only))
        {
            return new CursorPage<RunView>([], null);
        }

        var page = await runs.ListAsync(environmentId, filter, limit, continuation, ct);
        var views = new List<RunView>(page.Items.Count);
        var jobsById = new Dictionary<string, SyncJobView?>(StringComparer.Ordinal);
        foreach (var run in page.Items.Where(r => tenant.MaySee(r.IntegratedAccountId)))
        {
            if (!jobsById.TryGetValue(run.SyncJobId, out var job))
            {
                jobsById[run.SyncJobId] = job = await FindJobAsync(run, ct);
            }

            views.Add(RunView.From(run, job));
        }

        return new CursorPage<RunView>(views, page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }

    private static ApiException RunNotFound() => ApiException.NotFound("The sync job run", "id");

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

    public async Task<RunView> ViewAsync(SyncJobRun run, CancellationToken ct) => RunView.From(run, await FindJobAsync(run, ct));

    private async Task<SyncJobView?> FindJobAsync(SyncJobRun run, CancellationToken ct)
    {
        try
        {
            return await jobs.GetAsync(run.EnvironmentId, run.SyncJobId, ct);
        }
        catch (ApiException ex) when (ex.Kind == ProblemKind.NotFound)
        {
            return null; // the job was deleted since; the run keeps its own copy of the resources
        }
    }
}
