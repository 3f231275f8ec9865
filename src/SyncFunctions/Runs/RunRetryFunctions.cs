using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SyncFunctions.Core.Runs;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Runs.Orchestration;

namespace SyncFunctions.Runs;

public sealed class RunRetryFunctions(HttpApi api, RunService runs, RunStarter starter)
{
    /// <summary>201 with the new run (<c>retry_of</c> names the source); 404 for an unknown run, 409 while it runs or when nothing failed.</summary>
    [Function(nameof(ApiRoutes.RetrySyncJobRun))]
    public Task<IActionResult> Retry(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.RetryRun)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.RetrySyncJobRun, async (tenant, ct) =>
        {
            var run = await starter.RetryAsync(tenant, id, SyncJobRunOrchestrator.Scheduler(client), ct);
            return ApiResult.Created(await runs.GetAsync(tenant, run.Id, ct));
        });
}
