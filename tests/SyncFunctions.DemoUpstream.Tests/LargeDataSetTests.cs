using System.Net;

namespace SyncFunctions.DemoUpstream.Tests;

/// <summary>A million contacts (and 1.5 million notes) must be served without building them: pages cost O(page size).</summary>
public class LargeDataSetTests
{
    private const long Million = 1_000_000;

    [Fact]
    public async Task First_and_last_pages_of_a_million_records_generate_only_those_records()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = Million });
        using var client = TestHttp.ClientFor(server);

        var first = await Measure(server, () => client.GetJsonAsync("/page/contacts?page=1&per_page=50"));
        var last = await Measure(server, () => client.GetJsonAsync("/page/contacts?page=20000&per_page=50"));
        var tail = await Measure(server, () => client.GetJsonAsync("/offset/contacts?offset=999990&limit=500"));
        var next = await Measure(server, () => client.GetJsonAsync("/next/contacts?after=999998"));

        Assert.Equal(Million, first.Body["total"]!.GetValue<long>());
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), first.Body["data"].Ids());
        Assert.Equal(Enumerable.Range(999_951, 50).Select(i => (long)i), last.Body["data"].Ids());
        Assert.Equal(Enumerable.Range(999_991, 10).Select(i => (long)i), tail.Body["items"].Ids());
        Assert.Equal([999_999L, 1_000_000], next.Body["records"].Ids());
        Assert.Null(next.Body["next"]);
        Assert.InRange(first.Generated, 50, 60);
        Assert.InRange(last.Generated, 50, 60);
        Assert.InRange(tail.Generated, 10, 20);
        Assert.InRange(next.Generated, 2, 12);
    }

    [Fact]
    public async Task Updated_since_near_the_end_of_a_million_maps_to_the_tail_plus_mutations()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = Million });
        using var client = TestHttp.ClientFor(server);
        var since = FilterTests.Time(server.Data.Get("contacts", 999_995)!["updated_at"]);
        server.Data.Update("contacts", 500_000);
        server.Data.Delete("contacts", 999_997);

        var result = await Measure(server, () => client.GetJsonAsync($"/page/contacts?per_page=500&{FilterTests.Since(since)}"));

        Assert.Equal([500_000L, 999_996, 999_998, 999_999, 1_000_000], result.Body["data"].Ids());
        Assert.Equal(5, result.Body["total"]!.GetValue<long>());
        Assert.InRange(result.Generated, 4, 14);
        Assert.Equal(Million - 1, server.Data.Count("contacts"));
    }

    [Fact]
    public async Task Notes_of_the_last_contact_of_a_million_are_addressable()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = Million });
        using var client = TestHttp.ClientFor(server);

        var notes = (await client.GetJsonAsync("/page/contacts/999999/notes"))["data"]!.AsArray();
        var total = (await client.GetJsonAsync("/page/notes?page=30000&per_page=50"))["total"]!.GetValue<long>();

        Assert.Equal(1_500_000, total); // 250,000 blocks of 0+1+2+3
        Assert.Equal([1_499_998L, 1_499_999, 1_500_000], notes.Ids()); // contact 1,000,000 has 0 notes
        Assert.All(notes, n => Assert.Equal(999_999, n!["contact_id"]!.GetValue<long>()));
        var single = await client.GetJsonAsync("/page/notes/1500000");
        Assert.Equal(999_999, single["contact_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Unpaged_list_of_a_million_is_refused_without_building_it()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = Million });
        using var client = TestHttp.ClientFor(server);

        var generatedBefore = server.Data.RecordsGenerated;
        using var response = await client.GetAsync("/none/contacts");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(generatedBefore, server.Data.RecordsGenerated);
    }

    private static async Task<(System.Text.Json.Nodes.JsonNode Body, long Generated)> Measure(
        DemoUpstreamServer server, Func<Task<System.Text.Json.Nodes.JsonNode>> request)
    {
        var before = server.Data.RecordsGenerated;
        var body = await request();
        return (body, server.Data.RecordsGenerated - before);
    }
}
