using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Unified;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Definitions;

public sealed class UnifiedModelFunctions(HttpApi api, UnifiedModelService models)
{
    [Function(nameof(ApiRoutes.PutUnifiedModel))]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Templates.UnifiedModel)] HttpRequest req, string name) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.PutUnifiedModel, async (env, ct) =>
        {
            var definition = await RequestBody.ReadAsync<UnifiedModelDefinition>(req, ct);
            if (!string.IsNullOrEmpty(definition.Name) && definition.Name != name)
            {
                throw ApiException.Validation("name", "The body's name differs from the name in the URL; omit it or make them equal.");
            }

            var (view, created) = await models.PutAsync(env, name, definition, ct);
            return created ? ApiResult.Created(view) : ApiResult.Ok(view);
        });

    [Function(nameof(ApiRoutes.GetUnifiedModel))]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.UnifiedModel)] HttpRequest req, string name) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.GetUnifiedModel, async (env, ct) => ApiResult.Ok(await models.GetAsync(env, name, ct)));

    [Function(nameof(ApiRoutes.DeleteUnifiedModel))]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Templates.UnifiedModel)] HttpRequest req, string name) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.DeleteUnifiedModel, async (env, ct) =>
        {
            await models.DeleteAsync(env, name, ct);
            return ApiResult.NoContent();
        });

    [Function(nameof(ApiRoutes.ListUnifiedModels))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.UnifiedModels)] HttpRequest req) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.ListUnifiedModels, async (env, ct) =>
            ApiResult.Ok(ListResponse<UnifiedModelView>.From(await models.ListAsync(env, Query.Get(req, "cursor"), Query.Limit(req), ct))));
}
