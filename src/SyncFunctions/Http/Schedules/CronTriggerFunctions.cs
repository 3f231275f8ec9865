using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.CronTriggers;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Http.Schedules;

public sealed class CronTriggerFunctions(HttpApi api, CronTriggerService triggers)
{
    [Function(ApiRoutes.Names.CreateCronTrigger)]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.CronTriggers)] HttpRequest req) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.CreateCronTrigger, async (env, ct) =>
            ApiResult.Created(await triggers.CreateAsync(env, await RequestBody.ReadAsync<CreateCronTriggerRequest>(req, ct), ct)));

    [Function(ApiRoutes.Names.ListCronTriggers)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.CronTriggers)] HttpRequest req) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.ListCronTriggers, async (env, ct) =>
            ApiResult.Ok(ListResponse<CronTriggerView>.From(await triggers.ListAsync(env, Query.Get(req, "cursor"), Query.Limit(req), ct))));

    [Function(ApiRoutes.Names.GetCronTrigger)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.CronTrigger)] HttpRequest req, string id) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.GetCronTrigger, async (env, ct) => ApiResult.Ok(await triggers.GetAsync(env, id, ct)));

    [Function(ApiRoutes.Names.UpdateCronTrigger)]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = ApiRoutes.Templates.CronTrigger)] HttpRequest req, string id) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.UpdateCronTrigger, async (env, ct) =>
            ApiResult.Ok(await triggers.UpdateAsync(env, id, await RequestBody.ReadAsync<UpdateCronTriggerRequest>(req, ct), ct)));

    [Function(ApiRoutes.Names.DeleteCronTrigger)]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Templates.CronTrigger)] HttpRequest req, string id) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.DeleteCronTrigger, async (env, ct) =>
        {
            await triggers.DeleteAsync(env, id, ct);
            return ApiResult.NoContent();
        });
}
