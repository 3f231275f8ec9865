namespace SyncFunctions.DemoUpstream;

/// <summary><c>?offset=0&amp;limit=50</c> → <c>{"items":[…],"offset":0,"limit":50,"total":N}</c>.</summary>
internal sealed class OffsetPagination : IPaginationStyle
{
    public Task WriteAsync(HttpContext context, RecordView view, QueryReader query)
    {
        var offset = query.Number("offset", 0, 0);
        var limit = query.PageSize("limit");
        if (query.Error is { } error) return JsonResponse.BadRequestAsync(context, error);

        var records = view.From(offset).Take(limit);
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("items");
            JsonResponse.WriteRecords(w, records);
            w.WriteNumber("offset", offset);
            w.WriteNumber("limit", limit);
            w.WriteNumber("total", view.Count);
            w.WriteEndObject();
        });
    }
}
