using System.Net;
using System.Text.Json.Nodes;

namespace SyncFunctions.DemoUpstream.Tests;

public class PaginationTests
{
    public static TheoryData<string, long, int> StylesSizesAndPageSizes()
    {
        var data = new TheoryData<string, long, int>();
        foreach (var style in Walker.Styles)
        {
            foreach (var size in new long[] { 0, 1, 49, 50, 51, 123 }) data.Add(style, size, 50);
            data.Add(style, 123, 7);
            data.Add(style, 10, 1);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(StylesSizesAndPageSizes))]
    public async Task Every_style_walks_the_whole_list_exactly_once_in_id_order(string style, long contacts, int pageSize)
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = contacts, Users = 3 });
        using var client = TestHttp.ClientFor(server);

        var walk = await Walker.WalkAsync(client, style, "contacts", pageSize);

        var expected = server.Data.Snapshot("contacts").Ids();
        Assert.Equal(contacts, expected.Count);
        Assert.Equal(expected, walk.Ids);
        Assert.Equal(expected.Select(id => server.Data.Get("contacts", id)!.ToJsonString()), walk.Records.Select(r => r.ToJsonString()));
        var pages = (int)Math.Ceiling(contacts / (double)pageSize);
        var expectedRequests = style switch
        {
            "page" or "offset" => pages + 1, // the walker stops on the first empty page
            "none" => 1,
            _ => Math.Max(1, pages),
        };
        Assert.Equal(expectedRequests, walk.Requests);
    }

    [Theory]
    [InlineData("page")]
    [InlineData("offset")]
    [InlineData("cursor")]
    [InlineData("next")]
    [InlineData("link")]
    public async Task Page_size_defaults_to_50_and_is_clamped_to_500(string style)
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 600 });
        using var client = TestHttp.ClientFor(server);
        var sizeParam = style is "page" or "link" ? "per_page" : "limit";

        Assert.Equal(50, Records(style, await GetAsync(client, $"/{style}/contacts")).Count);
        Assert.Equal(500, Records(style, await GetAsync(client, $"/{style}/contacts?{sizeParam}=100000")).Count);
    }

    [Fact]
    public async Task Page_envelope_reports_position_and_total_and_is_empty_past_the_end()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 123 });
        using var client = TestHttp.ClientFor(server);

        var third = await client.GetJsonAsync("/page/contacts?page=3&per_page=50");
        Assert.Equal(Enumerable.Range(101, 23).Select(i => (long)i), third["data"].Ids());
        Assert.Equal(3, third["page"]!.GetValue<int>());
        Assert.Equal(50, third["per_page"]!.GetValue<int>());
        Assert.Equal(123, third["total"]!.GetValue<int>());

        var beyond = await client.GetJsonAsync("/page/contacts?page=99&per_page=50");
        Assert.Empty(beyond["data"]!.AsArray());
        Assert.Equal(123, beyond["total"]!.GetValue<int>());

        var offset = await client.GetJsonAsync("/offset/contacts?offset=120&limit=10");
        Assert.Equal([121L, 122, 123], offset["items"].Ids());
        Assert.Equal(120, offset["offset"]!.GetValue<int>());
        Assert.Equal(10, offset["limit"]!.GetValue<int>());
        Assert.Equal(123, offset["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Link_header_has_first_prev_and_next_but_no_next_on_the_last_page()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 25 });
        using var client = TestHttp.ClientFor(server);

        using var middle = await client.GetAsync("/link/contacts?page=2&per_page=10&updated_since=2000-01-01T00:00:00Z");
        var links = string.Join(", ", middle.Headers.GetValues("Link"));
        var baseUrl = server.BaseUrl.ToString().TrimEnd('/');
        Assert.Contains($"<{baseUrl}/link/contacts?updated_since=2000-01-01T00%3A00%3A00Z&page=1&per_page=10>; rel=\"first\"", links, StringComparison.Ordinal);
        Assert.Contains("page=1&per_page=10>; rel=\"prev\"", links, StringComparison.Ordinal);
        Assert.Equal($"{baseUrl}/link/contacts?updated_since=2000-01-01T00%3A00%3A00Z&page=3&per_page=10", Walker.NextLinkOf(middle));

        using var last = await client.GetAsync("/link/contacts?page=3&per_page=10");
        Assert.Null(Walker.NextLinkOf(last));
        Assert.Contains("rel=\"first\"", string.Join(", ", last.Headers.GetValues("Link")), StringComparison.Ordinal);
        Assert.Equal([21L, 22, 23, 24, 25], JsonNode.Parse(await last.Content.ReadAsStringAsync()).Ids());
    }

    [Fact]
    public async Task Cursor_and_next_report_null_on_the_last_page()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 4 });
        using var client = TestHttp.ClientFor(server);

        var cursor = await client.GetJsonAsync("/cursor/contacts?limit=4");
        Assert.Equal(4, cursor["results"]!.AsArray().Count);
        Assert.True(cursor.AsObject().ContainsKey("next_cursor"));
        Assert.Null(cursor["next_cursor"]);

        var next = await client.GetJsonAsync("/next/contacts?limit=3");
        Assert.Equal($"{server.BaseUrl}next/contacts?limit=3&after=3", next["next"]!.GetValue<string>());
        var last = await client.GetJsonAsync(next["next"]!.GetValue<string>());
        Assert.Equal([4L], last["records"].Ids());
        Assert.Null(last["next"]);
    }

    [Fact]
    public async Task Cursor_paging_neither_repeats_nor_skips_when_records_are_deleted_between_pages()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 30 });
        using var client = TestHttp.ClientFor(server);

        var first = await client.GetJsonAsync("/cursor/contacts?limit=10");
        server.Data.Delete("contacts", 3);
        server.Data.Delete("contacts", 15);
        var second = await client.GetJsonAsync($"/cursor/contacts?limit=10&cursor={first["next_cursor"]}");

        Assert.Equal(Enumerable.Range(11, 11).Where(i => i != 15).Select(i => (long)i), second["results"].Ids());
    }

    [Fact]
    public async Task None_style_refuses_lists_larger_than_the_limit()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 11, MaxUnpagedRecords = 10 });
        using var client = TestHttp.ClientFor(server);

        var (status, body) = await client.SendForJsonAsync(new HttpRequestMessage(HttpMethod.Get, "/none/contacts"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("too_many_records", body.Error());

        // The limit applies to what would be returned, so a filtered list still fits.
        var since = server.Data.Get("contacts", 5)!["updated_at"]!.GetValue<string>();
        var filtered = await client.GetJsonAsync($"/none/contacts?updated_since={since}");
        Assert.Equal([6L, 7, 8, 9, 10, 11], filtered["data"].Ids());
    }

    [Fact]
    public async Task Default_limit_for_none_is_ten_thousand()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 10_001 });
        using var client = TestHttp.ClientFor(server);

        using var response = await client.GetAsync("/none/contacts");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(10_000, (await client.GetJsonAsync($"/none/contacts?updated_since={server.Data.Get("contacts", 1)!["updated_at"]}"))["data"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("/page/contacts?page=0")]
    [InlineData("/page/contacts?per_page=abc")]
    [InlineData("/offset/contacts?offset=-1")]
    [InlineData("/cursor/contacts?cursor=not-a-cursor")]
    [InlineData("/next/contacts?after=x")]
    [InlineData("/page/contacts?updated_since=yesterday")]
    public async Task Bad_parameters_get_400(string url)
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 5 });
        using var client = TestHttp.ClientFor(server);

        var (status, body) = await client.SendForJsonAsync(new HttpRequestMessage(HttpMethod.Get, url));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body.Error());
    }

    [Theory]
    [InlineData("/page/widgets")]
    [InlineData("/pages/contacts")]
    [InlineData("/page/contacts/6")]
    [InlineData("/page/contacts/abc")]
    [InlineData("/page/contacts/0")]
    [InlineData("/nowhere/at/all/really")]
    public async Task Unknown_things_get_404_json(string url)
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 5 });
        using var client = TestHttp.ClientFor(server);

        var (status, body) = await client.SendForJsonAsync(new HttpRequestMessage(HttpMethod.Get, url));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("not_found", body.Error());
    }

    private static async Task<JsonNode> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static JsonArray Records(string style, JsonNode body) => style switch
    {
        "page" => body["data"]!.AsArray(),
        "offset" => body["items"]!.AsArray(),
        "cursor" => body["results"]!.AsArray(),
        "next" => body["records"]!.AsArray(),
        _ => body.AsArray(),
    };
}
