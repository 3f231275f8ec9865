using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace SyncFunctions.DemoUpstream;

/// <summary>
/// <c>?cursor=…&amp;limit=50</c> → <c>{"results":[…],"next_cursor":"…"|null}</c>. The cursor names the last id served,
/// not a position, so records added or deleted between pages neither repeat nor get skipped.
/// </summary>
internal sealed class CursorPagination : IPaginationStyle
{
    private const string Prefix = "after:";

    public Task WriteAsync(HttpContext context, RecordView view, QueryReader query)
    {
        var limit = query.PageSize("limit");
        if (query.Error is { } error) return JsonResponse.BadRequestAsync(context, error);
        if (!TryDecode(query.Text("cursor"), out var afterId))
            return JsonResponse.ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid_cursor");

        var page = view.After(afterId).Take(limit + 1).ToList();
        var nextCursor = page.Count > limit ? Encode(page[limit - 1].Id) : null;
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("results");
            JsonResponse.WriteRecords(w, page.Take(limit));
            w.WriteString("next_cursor", nextCursor);
            w.WriteEndObject();
        });
    }

    internal static string Encode(long afterId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + afterId.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecode(string? cursor, out long afterId)
    {
        afterId = 0;
        if (string.IsNullOrEmpty(cursor)) return true;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out afterId);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
