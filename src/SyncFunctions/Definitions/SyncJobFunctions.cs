using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Definitions;

public sealed class SyncJobFunctions(HttpApi api, SyncJobService jobs)
{
    [Function(nameof(ApiRoutes.CreateSyncJob))]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.SyncJobs)] HttpRequest req) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.CreateSyncJob, async (env, ct) =>
            ApiResult.Created(await jobs.CreateAsync(env, await RequestBody.ReadAsync<SyncJobDefinition>(req, ct), ct)));

    [Function(nameof(ApiRoutes.ListSyncJobs))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.SyncJobs)] HttpRequest req) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.ListSyncJobs, async (env, ct) =>
            ApiResult.Ok(ListResponse<SyncJobView>.From(
                await jobs.ListAsync(env, Query.Get(req, "integration_name"), Query.Get(req, "cursor"), Query.Limit(req), ct))));

    [Function(nameof(ApiRoutes.GetSyncJob))]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.SyncJob)] HttpRequest req, string id) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.GetSyncJob, async (env, ct) => ApiResult.Ok(await jobs.GetAsync(env, id, ct)));

    [Function(nameof(ApiRoutes.UpdateSyncJob))]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = ApiRoutes.Templates.SyncJob)] HttpRequest req, string id) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.UpdateSyncJob, async (env, ct) =>
            ApiResult.Ok(await jobs.UpdateAsync(env, id, await RequestBody.ReadAsync<UpdateSyncJobRequest>(req, ct), ct)));

    [Function(nameof(ApiRoutes.DeleteSyncJob))]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Templates.SyncJob)] HttpRequest req, string id) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.DeleteSyncJob, async (env, ct) =>
        {
            await jobs.DeleteAsync(env, id, ct);
            return ApiResult.NoContent();
        });
}
