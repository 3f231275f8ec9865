using System.Globalization;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Pagination;

namespace SyncFunctions.Core.Tests.Engine.Pagination;

/// <summary>
/// An in-memory upstream holding records with ids 1..<c>total</c> that answers a request in one pagination
/// style, plus a driver that walks a paginator against it the way an orchestration would.
/// </summary>
internal sealed class FakeListing(int total, int defaultPageSize = 10)
{
    public static readonly Uri Endpoint = new("https://api.example.com/v1/items");

    public List<Uri> Requests { get; } = [];

    /// <summary>How the fake answers; each returns the page's ids, the body and the headers.</summary>
    public Func<Uri, (IReadOnlyList<int> Ids, JsonNode Body, Dictionary<string, IReadOnlyList<string>> Headers)> Respond { get; set; } = null!;

    public (List<int> Ids, List<PageState> States) Walk(IPaginator paginator, int maxPages = 100)
    {
        var ids = new List<int>();
        var states = new List<PageState>();
        var state = paginator.Start();
        while (!state.Done)
        {
            Assert.True(states.Count < maxPages, "the paginator never stopped");
            states.Add(state);
            var builder = new UpstreamRequestBuilder("GET", Endpoint).SetQuery("filter", "open");
            paginator.Apply(state, builder);
            var url = builder.Build().Url;
            Requests.Add(url);
            var (pageIds, body, headers) = Respond(url);
            ids.AddRange(pageIds);
            state = paginator.Next(state, new UpstreamPage(url, body, pageIds.Count, headers));
        }
        states.Add(state);
        return (ids, states);
    }

    public static Dictionary<string, string> Query(Uri url) =>
        url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");

    public static int Int(Dictionary<string, string> query, string name, int fallback) =>
        query.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public List<int> Slice(int from, int count) => Enumerable.Range(from + 1, Math.Max(0, Math.Min(count, total - from))).ToList();

    public static JsonArray Records(IEnumerable<int> ids) => new(ids.Select(id => (JsonNode)new JsonObject { ["id"] = id }).ToArray());

    public int Total => total;

    public int DefaultPageSize => defaultPageSize;

    public static Dictionary<string, IReadOnlyList<string>> NoHeaders() => [];
}
