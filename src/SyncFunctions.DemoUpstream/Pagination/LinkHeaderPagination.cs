using System.Globalization;

namespace SyncFunctions.DemoUpstream;

/// <summary>
/// GitHub style: <c>?page=…&amp;per_page=…</c>, a bare JSON array, and an RFC 8288 <c>Link</c> header with
/// <c>rel="first"</c>, <c>rel="prev"</c> (after page 1) and <c>rel="next"</c> (absent on the last page).
/// </summary>
internal sealed class LinkHeaderPagination : IPaginationStyle
{
    public Task WriteAsync(HttpContext context, RecordView view, QueryReader query)
    {
        var page = query.Number("page", 1, 1);
        var perPage = query.PageSize("per_page");
        if (query.Error is { } error) return JsonResponse.BadRequestAsync(context, error);

        var position = PaginationStyles.PositionOf(page, perPage);
        var links = new List<string> { Link(context, 1, perPage, "first") };
        if (page > 1) links.Add(Link(context, page - 1, perPage, "prev"));
        if (position < view.Count - perPage) links.Add(Link(context, page + 1, perPage, "next"));
        context.Response.Headers.Link = string.Join(", ", links);

        var records = view.From(position).Take(perPage);
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => JsonResponse.WriteRecords(w, records));
    }

    private static string Link(HttpContext context, long page, int perPage, string rel)
    {
        var url = RequestUrls.With(context.Request,
            ("page", page.ToString(CultureInfo.InvariantCulture)),
            ("per_page", perPage.ToString(CultureInfo.InvariantCulture)));
        return $"<{url}>; rel=\"{rel}\"";
    }
}
