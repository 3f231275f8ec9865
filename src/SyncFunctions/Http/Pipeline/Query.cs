using Microsoft.AspNetCore.Http;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Http.Pipeline;

public static class Query
{
    public static string? Get(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    public static int Limit(HttpRequest request) => PageLimits.Resolve(Get(request, "limit"));
}

/// <summary>The envelope of every cursor-paginated list.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Data, string? NextCursor)
{
    public static ListResponse<T> From(CursorPage<T> page) => new(page.Items, page.NextCursor);
}
