using System.Globalization;

namespace SyncFunctions.DemoUpstream;

/// <summary><c>?limit=50</c> → <c>{"records":[…],"next":"http://127.0.0.1:port/next/…?…&amp;after=ID"|null}</c>; clients follow <c>next</c> verbatim.</summary>
internal sealed class NextUrlPagination : IPaginationStyle
{
    public Task WriteAsync(HttpContext context, RecordView view, QueryReader query)
    {
        var limit = query.PageSize("limit");
        var afterId = query.Number("after", 0, 0);
        if (query.Error is { } error) return JsonResponse.BadRequestAsync(context, error);

        var page = view.After(afterId).Take(limit + 1).ToList();
        var next = page.Count > limit
            ? RequestUrls.With(context.Request,
                ("limit", limit.ToString(CultureInfo.InvariantCulture)),
                ("after", page[limit - 1].Id.ToString(CultureInfo.InvariantCulture)))
            : null;
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("records");
            JsonResponse.WriteRecords(w, page.Take(limit));
            w.WriteString("next", next);
            w.WriteEndObject();
        });
    }
}
