using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Views;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Runs.Orchestration;

namespace SyncFunctions.Runs;

public sealed record UpdateRunRequest(string? Status);

public sealed class RunFunctions(HttpApi api, RunService runs, RunStarter starter)
{
    [Function(nameof(ApiRoutes.CreateSyncJobRun))]
    public Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Runs)] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        api.HandleAsync(req, ApiRoutes.CreateSyncJobRun, async (caller, ct) =>
        {
            var tenant = Core.Security.Tenant.Of(caller);
            var request = await RequestBody.ReadAsync<CreateRunRequest>(req, ct);
            var key = req.Headers.TryGetValue(RunIdempotency.Header, out var values) ? values.ToString() : null;
            var trigger = RunTriggers.ForApi(req.Headers.TryGetValue(RunTriggers.Header, out var said) ? said.ToString() : null, caller.KeyId);
            var start = await starter.StartAsync(tenant, request, trigger, key, SyncJobRunOrchestrator.Scheduler(client), ct);

            // Both answers render the run as it was created, so a repeated key gets the same body.
            var view = await runs.ViewAsync(start.Run, ct);
            return start.Replayed ? ApiResult.Ok(view) : ApiResult.Created(view);
        });

    [Function(nameof(ApiRoutes.GetSyncJobRun))]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Run)] HttpRequest req, string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.GetSyncJobRun, async (tenant, ct) => ApiResult.Ok(await runs.GetAsync(tenant, id, ct)));

    [Function(nameof(ApiRoutes.ListSyncJobRuns))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Runs)] HttpRequest req) =>
        api.HandleInTenantAsync(req, ApiRoutes.ListSyncJobRuns, async (tenant, ct) =>
        {
            var filter = new RunFilter(Query.Get(req, "sync_job_id"), Query.Get(req, "integrated_account_id"), StatusFilter(Query.Get(req, "status")));
            return ApiResult.Ok(ListResponse<RunView>.From(await runs.ListAsync(tenant, filter, Query.Get(req, "cursor"), Query.Limit(req), ct)));
        });

    [Function(nameof(ApiRoutes.UpdateSyncJobRun))]
    public Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = ApiRoutes.Templates.Run)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.UpdateSyncJobRun, async (tenant, ct) =>
        {
            var request = await RequestBody.ReadAsync<UpdateRunRequest>(req, ct);
            if (request.Status != "stopped")
            {
                throw ApiException.Validation("status", "The only change a run accepts is {\"status\":\"stopped\"}.");
            }

            return ApiResult.Ok(await StopAsync(tenant, id, client, ct));
        });

    [Function(nameof(ApiRoutes.CancelSyncJobRun))]
    public Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.CancelRun)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.CancelSyncJobRun, async (tenant, ct) => ApiResult.Ok(await StopAsync(tenant, id, client, ct)));

    [Function(nameof(ApiRoutes.DeleteSyncJobRun))]
    public Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Templates.Run)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.DeleteSyncJobRun, async (tenant, ct) =>
        {
            await runs.DeleteAsync(tenant, id, ct);
            await client.PurgeInstanceAsync(id, new PurgeInstanceOptions(true), ct);
            return ApiResult.NoContent();
        });

    // The stop is stored first (see RunService.StopAsync), so no page writes after it; then the orchestrations end.
    private async Task<RunView> StopAsync(Core.Security.Tenant tenant, string id, DurableTaskClient client, CancellationToken ct)
    {
        var view = await runs.StopAsync(tenant, id, ct);
        await RunTermination.TerminateAsync(client, id, "stopped", ct);
        return view;
    }

    // The list speaks Truto's status names, like the run object.
    private static RunStatus? StatusFilter(string? status) => status switch
    {
        null => null,
        "created" => RunStatus.Queued,
        "running" => RunStatus.Running,
        "rate_limited" => RunStatus.RateLimited,
        "completed" => RunStatus.Completed,
        "failed" => RunStatus.Failed,
        "stopped" => RunStatus.Stopped,
        "skipped" => RunStatus.Skipped,
        _ => throw ApiException.Validation("status", "status is one of created, running, rate_limited, completed, failed, stopped, skipped."),
    };
}
