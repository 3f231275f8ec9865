using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace SyncFunctions.DemoUpstream.Tests;

public class RecordTests
{
    [Theory]
    [InlineData("users", new[] { "id", "name", "email", "created_at", "updated_at" })]
    [InlineData("contacts", new[] { "id", "first_name", "last_name", "email", "company", "owner_id", "created_at", "updated_at" })]
    [InlineData("deals", new[] { "id", "name", "value", "currency", "stage", "contact_id", "owner_id", "created_at", "updated_at" })]
    [InlineData("notes", new[] { "id", "contact_id", "body", "created_at", "updated_at" })]
    public async Task Records_have_realistic_fields_and_utc_timestamps(string resource, string[] fields)
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Users = 5, Contacts = 20, Deals = 20 });
        using var client = TestHttp.ClientFor(server);

        var records = (await client.GetJsonAsync($"/none/{resource}"))["data"]!.AsArray().Select(r => r!.AsObject()).ToList();

        Assert.NotEmpty(records);
        var previousUpdate = DateTimeOffset.MinValue;
        foreach (var record in records)
        {
            Assert.Equal(fields, record.Select(p => p.Key));
            var created = DateTimeOffset.Parse(record["created_at"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            var updated = DateTimeOffset.Parse(record["updated_at"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            Assert.EndsWith("Z", record["updated_at"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(updated >= created);
            Assert.True(updated > previousUpdate, "base updated_at must grow with id");
            previousUpdate = updated;
        }
        if (resource is "contacts" or "deals")
            Assert.All(records, r => Assert.InRange(r["owner_id"]!.GetValue<long>(), 1, 5));
        if (resource == "deals")
        {
            Assert.All(records, r => Assert.InRange(r["contact_id"]!.GetValue<long>(), 1, 20));
            Assert.All(records, r => Assert.True(r["value"]!.GetValue<decimal>() > 0));
        }
        if (resource is "users" or "contacts")
            Assert.Equal(records.Count, records.Select(r => r["email"]!.GetValue<string>()).Distinct().Count());
    }

    [Theory]
    [InlineData("page")]
    [InlineData("none")]
    [InlineData("link")]
    public async Task Get_by_id_returns_the_record_or_404(string style)
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 10 });
        using var client = TestHttp.ClientFor(server);

        var record = await client.GetJsonAsync($"/{style}/contacts/7");
        Assert.Equal(server.Data.Get("contacts", 7)!.ToJsonString(), record.ToJsonString());
        Assert.Equal(7, record["id"]!.GetValue<long>());

        using var missing = await client.GetAsync($"/{style}/contacts/11");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("""{"error":"not_found"}""", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Contact_i_has_i_mod_4_notes_with_global_consecutive_ids()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 9 });
        using var client = TestHttp.ClientFor(server);

        var all = new List<long>();
        for (var contact = 1; contact <= 9; contact++)
        {
            var notes = (await client.GetJsonAsync($"/none/contacts/{contact}/notes"))["data"]!.AsArray();
            Assert.Equal(contact % 4, notes.Count);
            Assert.All(notes, n => Assert.Equal(contact, n!["contact_id"]!.GetValue<long>()));
            all.AddRange(notes.Ids());
        }

        // 1+2+3+0+1+2+3+0+1 notes, numbered in contact order.
        Assert.Equal(Enumerable.Range(1, 13).Select(i => (long)i), all);
        Assert.Equal(all, server.Data.Snapshot("notes").Ids());
        Assert.Equal(13, server.Data.Count("notes"));
    }

    [Fact]
    public async Task Notes_per_contact_follow_the_configured_modulus()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 5, NotesModulus = 3 });
        using var client = TestHttp.ClientFor(server);

        var counts = new List<int>();
        for (var contact = 1; contact <= 5; contact++)
            counts.Add((await client.GetJsonAsync($"/page/contacts/{contact}/notes"))["data"]!.AsArray().Count);

        Assert.Equal([1, 2, 0, 1, 2], counts);
        Assert.Equal(6, server.Data.Count("notes"));
    }

    [Theory]
    [InlineData("page")]
    [InlineData("offset")]
    [InlineData("cursor")]
    [InlineData("next")]
    [InlineData("link")]
    [InlineData("none")]
    public async Task Child_notes_page_like_any_list(string style)
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 8 });
        using var client = TestHttp.ClientFor(server);

        var walk = await Walker.WalkAsync(client, style, "contacts/7/notes", pageSize: 2);

        Assert.Equal(server.Data.NotesOf(7).Ids(), walk.Ids);
        Assert.Equal(3, walk.Ids.Count);
    }

    [Fact]
    public async Task Notes_of_a_missing_contact_are_404()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 8 });
        using var client = TestHttp.ClientFor(server);
        server.Data.Delete("contacts", 3);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/page/contacts/9/notes")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/page/contacts/3/notes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/page/contacts/2/notes")).StatusCode);
    }

    [Fact]
    public async Task Same_seed_serves_identical_bytes_and_another_seed_does_not()
    {
        var options = new DemoUpstreamOptions { Seed = 7, Users = 10, Contacts = 60, Deals = 40 };
        await using var first = await DemoUpstreamServer.StartAsync(options);
        await using var second = await DemoUpstreamServer.StartAsync(options);
        await using var reseeded = await DemoUpstreamServer.StartAsync(options with { Seed = 8 });
        string[] urls =
        [
            "/page/users?per_page=500", "/offset/contacts?limit=17&offset=5", "/cursor/deals?limit=500", "/next/notes?limit=9",
            "/link/contacts?page=2&per_page=20", "/none/deals", "/page/contacts/3/notes", "/page/deals/12",
        ];

        foreach (var url in urls)
        {
            var a = await BytesAsync(first, url);
            Assert.Equal(a, await BytesAsync(second, url));
            Assert.NotEqual(a, await BytesAsync(reseeded, url));
        }
    }

    [Fact]
    public void Data_set_can_be_used_without_a_server_and_matches_it()
    {
        var data = new DemoDataSet(new DemoUpstreamOptions { Contacts = 12, Seed = 3 });

        Assert.Equal(12, data.Count("contacts"));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), data.Snapshot("contacts").Ids());
        Assert.Equal(data.Get("contacts", 4)!.ToJsonString(), new DemoDataSet(new DemoUpstreamOptions { Contacts = 12, Seed = 3 }).Get("contacts", 4)!.ToJsonString());
        Assert.Throws<ArgumentException>(() => data.Count("widgets"));
    }

    /// <summary>Body with the server's own address blanked out, so two servers on different ports compare equal.</summary>
    private static async Task<string> BytesAsync(DemoUpstreamServer server, string url)
    {
        using var client = TestHttp.ClientFor(server);
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = System.Text.Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        return body.Replace(server.BaseUrl.ToString(), "<BASE>/", StringComparison.Ordinal);
    }
}
