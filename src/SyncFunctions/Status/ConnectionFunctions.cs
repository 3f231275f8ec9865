using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Connections;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Status;

/// <summary>A connection in ActiveCampaign's spelling (camelCase and lower-case names, not the API's snake_case).</summary>
public sealed record ConnectionView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("externalid")] string? ExternalId,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("syncStatus")] int SyncStatus,
    [property: JsonPropertyName("lastSync")] DateTimeOffset? LastSync,
    [property: JsonPropertyName("cdate")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("udate")] DateTimeOffset UpdatedAt)
{
    public static ConnectionView From(Connection c) => new(c.Id, c.Service, c.ExternalId, c.Name, c.Status, c.SyncStatus, c.LastSync, c.CreatedAt, c.UpdatedAt);
}

/// <summary>AC's list meta: <c>total</c> is a string there; our cursor rides along.</summary>
public sealed record ConnectionListMeta(
    [property: JsonPropertyName("total")] string Total,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

public sealed record ConnectionListBody([property: JsonPropertyName("connections")] IReadOnlyList<ConnectionView> Connections, [property: JsonPropertyName("meta")] ConnectionListMeta Meta);

public sealed record ConnectionBody([property: JsonPropertyName("connection")] ConnectionView Connection);

/// <summary>ActiveCampaign's connections: each integrated account with its sync flags (<c>syncStatus</c>, <c>status</c>, <c>lastSync</c>).</summary>
public sealed class ConnectionFunctions(HttpApi api, ConnectionService connections)
{
    [Function(nameof(ApiRoutes.ListConnections))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Connections)] HttpRequest req) =>
        api.HandleInTenantAsync(req, ApiRoutes.ListConnections, async (tenant, ct) =>
        {
            // AC filters as filters[service]= and filters[externalid]=; the bare names work too.
            var service = Query.Get(req, "filters[service]") ?? Query.Get(req, "service");
            var externalId = Query.Get(req, "filters[externalid]") ?? Query.Get(req, "externalid");
            var page = await connections.ListAsync(tenant, service, externalId, Query.Get(req, "cursor"), Query.Limit(req), ct);
            return ApiResult.Ok(new ConnectionListBody(
                page.Items.Select(ConnectionView.From).ToList(),
                new ConnectionListMeta(page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture), page.NextCursor)));
        });

    [Function(nameof(ApiRoutes.GetConnection))]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Connection)] HttpRequest req, string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.GetConnection, async (tenant, ct) =>
            ApiResult.Ok(new ConnectionBody(ConnectionView.From(await connections.GetAsync(tenant, id, ct)))));
}
