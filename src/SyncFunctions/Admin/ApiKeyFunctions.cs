using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Admin;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Admin;

public sealed class ApiKeyFunctions(HttpApi api, AdminService admin)
{
    [Function(nameof(ApiRoutes.CreateApiKey))]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.ApiKeys)] HttpRequest req) =>
        api.HandleAsync(req, ApiRoutes.CreateApiKey, async (caller, ct) =>
            ApiResult.Created(await admin.CreateApiKeyAsync(caller, await RequestBody.ReadAsync<CreateApiKeyRequest>(req, ct), ct))
                .WithHeader("Cache-Control", "no-store"));

    [Function(nameof(ApiRoutes.ListApiKeys))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.ApiKeys)] HttpRequest req) =>
        api.HandleAsync(req, ApiRoutes.ListApiKeys, async (caller, ct) =>
            ApiResult.Ok(ListResponse<ApiKeyView>.From(
                await admin.ListApiKeysAsync(caller, Query.Get(req, "environment_id"), Query.Get(req, "cursor"), Query.Limit(req), ct))));

    [Function(nameof(ApiRoutes.GetApiKey))]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.ApiKey)] HttpRequest req, string id) =>
        api.HandleAsync(req, ApiRoutes.GetApiKey, async (caller, ct) =>
            ApiResult.Ok(await admin.GetApiKeyAsync(caller, id, ct)));

    [Function(nameof(ApiRoutes.DeleteApiKey))]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Templates.ApiKey)] HttpRequest req, string id) =>
        api.HandleAsync(req, ApiRoutes.DeleteApiKey, async (caller, ct) =>
        {
            await admin.DeleteApiKeyAsync(caller, id, ct);
            return ApiResult.NoContent();
        });
}
