using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Admin;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Admin;

public sealed class EnvironmentFunctions(HttpApi api, AdminService admin)
{
    [Function(nameof(ApiRoutes.CreateEnvironment))]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Environments)] HttpRequest req) =>
        api.HandleAsync(req, ApiRoutes.CreateEnvironment, async (caller, ct) =>
            ApiResult.Created(await admin.CreateEnvironmentAsync(caller, await RequestBody.ReadAsync<CreateEnvironmentRequest>(req, ct), ct)));

    [Function(nameof(ApiRoutes.ListEnvironments))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Environments)] HttpRequest req) =>
        api.HandleAsync(req, ApiRoutes.ListEnvironments, async (caller, ct) =>
            ApiResult.Ok(ListResponse<EnvironmentView>.From(await admin.ListEnvironmentsAsync(caller, Query.Get(req, "cursor"), Query.Limit(req), ct))));

    [Function(nameof(ApiRoutes.GetEnvironment))]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Environment)] HttpRequest req, string id) =>
        api.HandleAsync(req, ApiRoutes.GetEnvironment, async (caller, ct) =>
            ApiResult.Ok(await admin.GetEnvironmentAsync(caller, id, ct)));
}
