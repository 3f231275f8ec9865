using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncFunctions.DemoUpstream;

/// <summary>
/// Drives a standalone server the way tests drive <see cref="DemoUpstreamServer"/> in-process: faults and mutations
/// over HTTP. Loopback callers only, since it bypasses auth.
/// </summary>
internal sealed class ControlEndpoints(DemoDataSet data, FaultInjector faults)
{
    public static async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/_control")
            && context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
        {
            await JsonResponse.ErrorAsync(context, StatusCodes.Status403Forbidden, "forbidden", "control endpoints are loopback-only");
            return;
        }
        await next(context);
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/_control/faults", (RequestDelegate)AddFaultAsync);
        routes.MapDelete("/_control/faults", (RequestDelegate)(context =>
        {
            faults.Clear();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }));
        routes.MapPost("/_control/{resource}/add", (RequestDelegate)AddAsync);
        routes.MapPost("/_control/{resource}/{id}/update", (RequestDelegate)UpdateAsync);
        routes.MapPost("/_control/{resource}/{id}/delete", (RequestDelegate)DeleteAsync);
    }

    private async Task AddFaultAsync(HttpContext context)
    {
        FaultRule rule;
        try
        {
            rule = FaultRuleJson.Parse(await ReadObjectAsync(context) ?? throw new FormatException("a JSON rule is required"));
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            await JsonResponse.BadRequestAsync(context, e.Message);
            return;
        }
        faults.Add(rule);
        await JsonResponse.WriteAsync(context, StatusCodes.Status201Created, w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(rule.Fault.Kind.ToString()));
            w.WriteString("path_prefix", rule.PathPrefix);
            w.WriteNumber("times", rule.Times);
            w.WriteBoolean("until_cleared", rule.UntilCleared);
            w.WriteEndObject();
        });
    }

    private async Task AddAsync(HttpContext context)
    {
        if (!TryRoute(context, out var resource, out _, needId: false)) { await JsonResponse.NotFoundAsync(context); return; }
        if (await TryReadFieldsAsync(context) is not { } fields) return;
        var id = data.Add(resource, record => Merge(record, fields));
        await JsonResponse.WriteAsync(context, StatusCodes.Status201Created, w => data.Get(resource, id)!.WriteTo(w));
    }

    private async Task UpdateAsync(HttpContext context)
    {
        if (!TryRoute(context, out var resource, out var id, needId: true) || data.Get(resource, id) is null)
        {
            await JsonResponse.NotFoundAsync(context);
            return;
        }
        if (await TryReadFieldsAsync(context) is not { } fields) return;
        var record = data.Update(resource, id, fields.Count == 0 ? null : r => Merge(r, fields));
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => record.WriteTo(w));
    }

    private async Task DeleteAsync(HttpContext context)
    {
        if (!TryRoute(context, out var resource, out var id, needId: true) || !data.Delete(resource, id))
        {
            await JsonResponse.NotFoundAsync(context);
            return;
        }
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteBoolean("deleted", true);
            w.WriteEndObject();
        });
    }

    private static bool TryRoute(HttpContext context, out string resource, out long id, bool needId)
    {
        id = 0;
        var values = context.Request.RouteValues;
        return DemoResources.TryNormalize(values["resource"]?.ToString(), out resource)
            && (!needId || long.TryParse(values["id"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out id));
    }

    /// <summary>Fields to merge from an optional JSON object body; null after answering 400.</summary>
    private static async Task<JsonObject?> TryReadFieldsAsync(HttpContext context)
    {
        try
        {
            return await ReadObjectAsync(context) ?? [];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            await JsonResponse.BadRequestAsync(context, "body must be a JSON object");
            return null;
        }
    }

    private static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("expected a JSON object");
    }

    private static void Merge(JsonObject record, JsonObject fields)
    {
        foreach (var (name, value) in fields) record[name] = value?.DeepClone();
    }
}
