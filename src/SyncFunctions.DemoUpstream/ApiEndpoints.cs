using System.Globalization;

namespace SyncFunctions.DemoUpstream;

/// <summary>The data API: list, child list and single record under every pagination style, plus health.</summary>
internal sealed class ApiEndpoints(DemoDataSet data, PaginationStyles styles)
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", (RequestDelegate)(context => JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "ok");
            w.WriteEndObject();
        })));
        routes.MapGet("/{style}/{resource}", (RequestDelegate)ListAsync);
        routes.MapGet("/{style}/contacts/{id}/notes", (RequestDelegate)NotesAsync);
        routes.MapGet("/{style}/{resource}/{id}", (RequestDelegate)SingleAsync);
    }

    private Task ListAsync(HttpContext context)
    {
        if (!TryStyle(context, out var style) || !DemoResources.TryNormalize(Route(context, "resource"), out var resource))
            return JsonResponse.NotFoundAsync(context);
        var query = new QueryReader(context.Request.Query);
        var filter = query.Filter();
        return style.WriteAsync(context, data.View(resource, filter), query);
    }

    private Task NotesAsync(HttpContext context)
    {
        if (!TryStyle(context, out var style) || !TryId(context, out var contactId)) return JsonResponse.NotFoundAsync(context);
        var query = new QueryReader(context.Request.Query);
        var filter = query.Filter();
        return data.NotesView(contactId, filter) is { } view
            ? style.WriteAsync(context, view, query)
            : JsonResponse.NotFoundAsync(context);
    }

    private Task SingleAsync(HttpContext context)
    {
        if (!TryStyle(context, out _)
            || !DemoResources.TryNormalize(Route(context, "resource"), out var resource)
            || !TryId(context, out var id)
            || data.Get(resource, id) is not { } record)
        {
            return JsonResponse.NotFoundAsync(context);
        }
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => record.WriteTo(w));
    }

    private bool TryStyle(HttpContext context, out IPaginationStyle style) => styles.TryGet(Route(context, "style"), out style);

    private static bool TryId(HttpContext context, out long id) =>
        long.TryParse(Route(context, "id"), NumberStyles.None, CultureInfo.InvariantCulture, out id);

    private static string? Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString();
}
