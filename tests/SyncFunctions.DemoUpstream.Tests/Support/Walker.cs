using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SyncFunctions.DemoUpstream.Tests;

/// <summary>Pages through a list the way a client of each style must, collecting every id it is given.</summary>
internal static partial class Walker
{
    public static readonly string[] Styles = ["page", "offset", "cursor", "next", "link", "none"];

    private const int MaxRequests = 10_000;

    public sealed record Walk(List<long> Ids, int Requests, List<JsonObject> Records);

    /// <param name="path">List path after the style, e.g. <c>contacts</c> or <c>contacts/3/notes</c>.</param>
    /// <param name="query">Extra query, e.g. <c>updated_since=…</c>, without leading <c>&amp;</c>.</param>
    public static async Task<Walk> WalkAsync(HttpClient client, string style, string path, int pageSize, string query = "")
    {
        var records = new List<JsonObject>();
        var requests = 0;
        var extra = query.Length == 0 ? "" : "&" + query;
        switch (style)
        {
            case "page":
                for (var page = 1; ; page++)
                {
                    var body = await client.GetJsonAsync($"/page/{path}?page={page}&per_page={pageSize}{extra}");
                    requests++;
                    Assert.Equal(page, body["page"]!.GetValue<long>());
                    Assert.Equal(pageSize, body["per_page"]!.GetValue<int>());
                    var data = body["data"]!.AsArray();
                    if (data.Count == 0) break;
                    records.AddRange(data.Select(r => r!.AsObject()));
                    Assert.True(requests < MaxRequests);
                }
                break;
            case "offset":
                for (var offset = 0L; ; )
                {
                    var body = await client.GetJsonAsync($"/offset/{path}?offset={offset}&limit={pageSize}{extra}");
                    requests++;
                    Assert.Equal(offset, body["offset"]!.GetValue<long>());
                    var items = body["items"]!.AsArray();
                    if (items.Count == 0) break;
                    records.AddRange(items.Select(r => r!.AsObject()));
                    offset += items.Count;
                    Assert.True(requests < MaxRequests);
                }
                break;
            case "cursor":
                for (string? cursor = ""; cursor is not null; )
                {
                    var body = await client.GetJsonAsync($"/cursor/{path}?limit={pageSize}&cursor={Uri.EscapeDataString(cursor)}{extra}");
                    requests++;
                    records.AddRange(body["results"]!.AsArray().Select(r => r!.AsObject()));
                    cursor = body["next_cursor"]?.GetValue<string>();
                    Assert.True(requests < MaxRequests);
                }
                break;
            case "next":
                for (string? url = $"/next/{path}?limit={pageSize}{extra}"; url is not null; )
                {
                    var body = await client.GetJsonAsync(url);
                    requests++;
                    records.AddRange(body["records"]!.AsArray().Select(r => r!.AsObject()));
                    url = body["next"]?.GetValue<string>();
                    if (url is not null) Assert.StartsWith(client.BaseAddress!.ToString(), url, StringComparison.Ordinal);
                    Assert.True(requests < MaxRequests);
                }
                break;
            case "link":
                for (string? url = $"/link/{path}?per_page={pageSize}{extra}"; url is not null; )
                {
                    using var response = await client.GetAsync(url);
                    requests++;
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    var links = string.Join(", ", response.Headers.GetValues("Link"));
                    Assert.Contains("rel=\"first\"", links, StringComparison.Ordinal);
                    records.AddRange(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(r => r!.AsObject()));
                    url = NextLink().Match(links) is { Success: true } m ? m.Groups[1].Value : null;
                    Assert.True(requests < MaxRequests);
                }
                break;
            case "none":
                var all = await client.GetJsonAsync($"/none/{path}?{query}");
                requests++;
                records.AddRange(all["data"]!.AsArray().Select(r => r!.AsObject()));
                break;
            default:
                throw new ArgumentException(style, nameof(style));
        }
        return new Walk([.. records.Select(r => r["id"]!.GetValue<long>())], requests, records);
    }

    public static string? NextLinkOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var values) && NextLink().Match(string.Join(", ", values)) is { Success: true } m
            ? m.Groups[1].Value
            : null;

    [GeneratedRegex("<([^>]+)>;\\s*rel=\"next\"")]
    private static partial Regex NextLink();
}
