using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Definitions;

public sealed class IntegrationFunctions(HttpApi api, IntegrationService integrations)
{
    [Function(nameof(ApiRoutes.PutIntegration))]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Templates.Integration)] HttpRequest req, string name) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.PutIntegration, async (env, ct) =>
        {
            var definition = await RequestBody.ReadAsync<IntegrationDefinition>(req, ct);
            if (!string.IsNullOrEmpty(definition.Name) && definition.Name != name)
            {
                throw ApiException.Validation("name", "The body's name differs from the name in the URL; omit it or make them equal.");
            }

            var (view, created) = await integrations.PutAsync(env, name, definition, ct);
            return created ? ApiResult.Created(view) : ApiResult.Ok(view);
        });

    [Function(nameof(ApiRoutes.GetIntegration))]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Integration)] HttpRequest req, string name) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.GetIntegration, async (env, ct) => ApiResult.Ok(await integrations.GetAsync(env, name, ct)));

    [Function(nameof(ApiRoutes.DeleteIntegration))]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Templates.Integration)] HttpRequest req, string name) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.DeleteIntegration, async (env, ct) =>
        {
            await integrations.DeleteAsync(env, name, ct);
            return ApiResult.NoContent();
        });

    [Function(nameof(ApiRoutes.ListIntegrations))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Integrations)] HttpRequest req) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.ListIntegrations, async (env, ct) =>
            ApiResult.Ok(ListResponse<IntegrationView>.From(await integrations.ListAsync(env, Query.Get(req, "cursor"), Query.Limit(req), ct))));
}
