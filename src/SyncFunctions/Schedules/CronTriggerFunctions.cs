using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.CronTriggers;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Schedules;

public sealed class CronTriggerFunctions(HttpApi api, CronTriggerService triggers)
{
    [Function(nameof(ApiRoutes.CreateSyncJobCronTrigger))]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.CronTriggers)] HttpRequest req) =>
        api.HandleInTenantAsync(req, ApiRoutes.CreateSyncJobCronTrigger, async (tenant, ct) =>
            ApiResult.Created(await triggers.CreateAsync(tenant, await RequestBody.ReadAsync<CreateCronTriggerRequest>(req, ct), ct)));

    [Function(nameof(ApiRoutes.ListSyncJobCronTriggers))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.CronTriggers)] HttpRequest req) =>
        api.HandleInTenantAsync(req, ApiRoutes.ListSyncJobCronTriggers, async (tenant, ct) =>
            ApiResult.Ok(ListResponse<CronTriggerView>.From(await triggers.ListAsync(tenant, Query.Get(req, "cursor"), Query.Limit(req), ct))));

    [Function(nameof(ApiRoutes.GetSyncJobCronTrigger))]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.CronTrigger)] HttpRequest req, string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.GetSyncJobCronTrigger, async (tenant, ct) => ApiResult.Ok(await triggers.GetAsync(tenant, id, ct)));

    [Function(nameof(ApiRoutes.UpdateSyncJobCronTrigger))]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = ApiRoutes.Templates.CronTrigger)] HttpRequest req, string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.UpdateSyncJobCronTrigger, async (tenant, ct) =>
            ApiResult.Ok(await triggers.UpdateAsync(tenant, id, await RequestBody.ReadAsync<UpdateCronTriggerRequest>(req, ct), ct)));

    [Function(nameof(ApiRoutes.DeleteSyncJobCronTrigger))]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Templates.CronTrigger)] HttpRequest req, string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.DeleteSyncJobCronTrigger, async (tenant, ct) =>
        {
            await triggers.DeleteAsync(tenant, id, ct);
            return ApiResult.NoContent();
        });
}
