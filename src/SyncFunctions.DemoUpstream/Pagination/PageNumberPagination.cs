namespace SyncFunctions.DemoUpstream;

/// <summary><c>?page=1&amp;per_page=50</c> → <c>{"data":[…],"page":1,"per_page":50,"total":N}</c>.</summary>
internal sealed class PageNumberPagination : IPaginationStyle
{
    public Task WriteAsync(HttpContext context, RecordView view, QueryReader query)
    {
        var page = query.Number("page", 1, 1);
        var perPage = query.PageSize("per_page");
        if (query.Error is { } error) return JsonResponse.BadRequestAsync(context, error);

        var records = view.From(PaginationStyles.PositionOf(page, perPage)).Take(perPage);
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            JsonResponse.WriteRecords(w, records);
            w.WriteNumber("page", page);
            w.WriteNumber("per_page", perPage);
            w.WriteNumber("total", view.Count);
            w.WriteEndObject();
        });
    }
}
