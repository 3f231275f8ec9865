using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Webhooks;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Webhooks;

public sealed class WebhookFunctions(HttpApi api, WebhookService webhooks)
{
    [Function(nameof(ApiRoutes.CreateWebhook))]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Webhooks)] HttpRequest req) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.CreateWebhook, async (env, ct) =>
            ApiResult.Created(await webhooks.CreateAsync(env, await RequestBody.ReadAsync<CreateWebhookRequest>(req, ct), ct)));

    [Function(nameof(ApiRoutes.ListWebhooks))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Webhooks)] HttpRequest req) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.ListWebhooks, async (env, ct) =>
            ApiResult.Ok(ListResponse<WebhookView>.From(await webhooks.ListAsync(env, Query.Get(req, "cursor"), Query.Limit(req), ct))));

    [Function(nameof(ApiRoutes.GetWebhook))]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Webhook)] HttpRequest req, string id) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.GetWebhook, async (env, ct) => ApiResult.Ok(await webhooks.GetAsync(env, id, ct)));

    [Function(nameof(ApiRoutes.DeleteWebhook))]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Templates.Webhook)] HttpRequest req, string id) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.DeleteWebhook, async (env, ct) =>
        {
            await webhooks.DeleteAsync(env, id, ct);
            return ApiResult.NoContent();
        });
}
