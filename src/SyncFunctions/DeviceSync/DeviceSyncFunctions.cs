using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Security;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.DeviceSync;

/// <summary>Base's Sync API (start, queue, ack) under <c>api/v2/sync</c>: Base clients work with only their base URL changed.</summary>
public sealed class DeviceSyncFunctions(HttpApi api, DeviceSyncService sync)
{
    /// <summary>Keys one ack request may carry (a 1 MiB body holds about 20 000 anyway).</summary>
    public const int MaxAckKeys = 10_000;

    [Function(nameof(ApiRoutes.StartDeviceSync))]
    public Task<IActionResult> Start([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.SyncStart)] HttpRequest req) =>
        api.HandleAsync(req, ApiRoutes.StartDeviceSync, async (caller, ct) =>
        {
            ApiKeyAuthenticator.RequireEnvironment(caller);
            var device = DeviceUuid.Parse(req.Headers[DeviceUuid.Header]);

            // The caller, not just its environment: the device's state belongs to its key, and a restricted key reads only its accounts' feeds.
            var session = await sync.StartAsync(caller, device, ct);
            return session is null ? ApiResult.NoContent() : ApiResult.Created(BaseSyncWire.Session(session, QueueLink(req, session.Id)));
        });

    [Function(nameof(ApiRoutes.GetDeviceSyncQueue))]
    public Task<IActionResult> Queue([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.SyncQueue)] HttpRequest req, string id) =>
        api.HandleAsync(req, ApiRoutes.GetDeviceSyncQueue, async (caller, ct) =>
        {
            ApiKeyAuthenticator.RequireEnvironment(caller);
            var device = DeviceUuid.Parse(req.Headers[DeviceUuid.Header]);
            var page = await sync.NextPageAsync(caller, device, id, ct);
            return page is null ? ApiResult.NoContent() : ApiResult.Ok(BaseSyncWire.Page(page));
        });

    [Function(nameof(ApiRoutes.AckDeviceSync))]
    public Task<IActionResult> Ack([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.SyncAck)] HttpRequest req) =>
        api.HandleAsync(req, ApiRoutes.AckDeviceSync, async (caller, ct) =>
        {
            ApiKeyAuthenticator.RequireEnvironment(caller);
            var device = DeviceUuid.Parse(req.Headers[DeviceUuid.Header]);
            var body = await RequestBody.ReadAsync<BaseSyncWire.AckRequest>(req, ct);
            var keys = body.Data?.AckKeys ?? throw ApiException.Validation("data.ack_keys", "data.ack_keys is required: {\"data\":{\"ack_keys\":[…]}}.");
            if (keys.Count > MaxAckKeys)
            {
                throw ApiException.Validation("data.ack_keys", $"Send at most {MaxAckKeys} ack keys per request.");
            }

            var receipt = await sync.AcknowledgeAsync(caller, device, keys.Select(k => k.ValueKind == JsonValueKind.String ? k.GetString() : null).ToList(), ct);
            return ApiResult.Accepted(BaseSyncWire.AckReceipt(receipt));
        });

    // Where the request came in, so the link works behind the same host and route prefix: …/v2/sync/start → …/v2/sync/{id}/queues/main.
    private static string QueueLink(HttpRequest req, string sessionId)
    {
        var path = req.PathBase.Add(req.Path).Value ?? "";
        var syncRoot = path.EndsWith("/start", StringComparison.Ordinal) ? path[..^"/start".Length] : "/api/v2/sync";
        return $"{req.Scheme}://{req.Host}{syncRoot}/{Uri.EscapeDataString(sessionId)}/queues/main";
    }
}
