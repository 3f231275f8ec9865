using System.Globalization;
using System.Text.Json.Nodes;

namespace SyncFunctions.DemoUpstream.Tests;

public class FilterTests
{
    public static TheoryData<string> Styles() => [.. Walker.Styles];

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task Updated_since_returns_only_records_changed_after_it(string style)
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 120 });
        using var client = TestHttp.ClientFor(server);
        var lastSync = server.Data.Snapshot("contacts").Max(r => Time(r["updated_at"]));
        server.Data.Update("contacts", 77);
        server.Data.Update("contacts", 5);
        server.Data.Update("contacts", 103, c => c["company"] = "Renamed Ltd");

        var walk = await Walker.WalkAsync(client, style, "contacts", pageSize: 2, Since(lastSync));

        Assert.Equal([5L, 77, 103], walk.Ids);
        Assert.All(walk.Records, r => Assert.True(Time(r["updated_at"]) > lastSync));
        Assert.Equal("Renamed Ltd", walk.Records[2]["company"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task Updated_since_in_the_middle_pages_over_the_filtered_sequence(string style)
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 123 });
        using var client = TestHttp.ClientFor(server);
        server.Data.Update("contacts", 10); // before the cut-off id, but changed after it
        server.Data.Delete("contacts", 60);
        var since = Time(server.Data.Get("contacts", 40)!["updated_at"]);

        var walk = await Walker.WalkAsync(client, style, "contacts", pageSize: 7, Since(since));

        var expected = server.Data.Snapshot("contacts").Where(r => Time(r["updated_at"]) > since).Ids();
        Assert.Equal([10L, .. Enumerable.Range(41, 83).Where(i => i != 60).Select(i => (long)i)], expected);
        Assert.Equal(expected, walk.Ids);
    }

    [Fact]
    public async Task Page_total_counts_the_filtered_records()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 100 });
        using var client = TestHttp.ClientFor(server);
        var since = server.Data.Get("contacts", 90)!["updated_at"]!.GetValue<string>();

        var body = await client.GetJsonAsync($"/page/contacts?per_page=3&{Since(Time(since))}");

        Assert.Equal(10, body["total"]!.GetValue<int>());
        Assert.Equal([91L, 92, 93], body["data"].Ids());
    }

    [Fact]
    public async Task Updated_since_accepts_offsets_and_fractional_seconds()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 10 });
        using var client = TestHttp.ClientFor(server);
        var since = Time(server.Data.Get("contacts", 7)!["updated_at"]);
        var withOffset = since.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

        var encoded = await client.GetJsonAsync($"/page/contacts?updated_since={Uri.EscapeDataString(withOffset)}");
        var rawPlus = await client.GetJsonAsync($"/page/contacts?updated_since={withOffset}"); // '+' arrives as a space

        Assert.Equal([8L, 9, 10], encoded["data"].Ids());
        Assert.Equal([8L, 9, 10], rawPlus["data"].Ids());
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task Include_deleted_adds_tombstones_in_id_order(string style)
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 30 });
        using var client = TestHttp.ClientFor(server);
        server.Data.Delete("contacts", 4);
        server.Data.Delete("contacts", 22);

        var plain = await Walker.WalkAsync(client, style, "contacts", pageSize: 5);
        var withDeleted = await Walker.WalkAsync(client, style, "contacts", pageSize: 5, "include_deleted=true");

        Assert.DoesNotContain(4L, plain.Ids);
        Assert.Equal(28, plain.Ids.Count);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), withDeleted.Ids);
        var tombstones = withDeleted.Records.Where(r => r.ContainsKey("deleted")).ToList();
        Assert.Equal([4L, 22], tombstones.Ids());
        Assert.All(tombstones, t =>
        {
            Assert.Equal(["id", "deleted", "updated_at"], t.Select(p => p.Key));
            Assert.True(t["deleted"]!.GetValue<bool>());
        });
    }

    [Fact]
    public async Task Tombstones_obey_updated_since()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 30 });
        using var client = TestHttp.ClientFor(server);
        var baseline = server.Data.Snapshot("contacts").Max(r => Time(r["updated_at"]));
        server.Data.Delete("contacts", 4);
        var afterFirstDelete = Time(server.Data.Update("contacts", 9)["updated_at"]);
        server.Data.Delete("contacts", 22);

        var sinceBaseline = await client.GetJsonAsync($"/page/contacts?include_deleted=true&{Since(baseline)}");
        var sinceLater = await client.GetJsonAsync($"/page/contacts?include_deleted=true&{Since(afterFirstDelete)}");
        var withoutFlag = await client.GetJsonAsync($"/page/contacts?{Since(baseline)}");

        Assert.Equal([4L, 9, 22], sinceBaseline["data"].Ids());
        Assert.Equal([22L], sinceLater["data"].Ids());
        Assert.Equal([9L], withoutFlag["data"].Ids());
    }

    [Fact]
    public async Task Child_notes_honour_filters_and_tombstones()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 8 });
        using var client = TestHttp.ClientFor(server);
        var noteIds = server.Data.NotesOf(7).Ids(); // three notes
        var baseline = server.Data.Snapshot("notes").Max(r => Time(r["updated_at"]));
        server.Data.Delete("notes", noteIds[0]);
        server.Data.Update("notes", noteIds[2]);
        var moved = server.Data.Add("notes", n => n["contact_id"] = 7);

        var changed = await client.GetJsonAsync($"/page/contacts/7/notes?include_deleted=true&{Since(baseline)}");
        var live = await client.GetJsonAsync("/page/contacts/7/notes");

        Assert.Equal([noteIds[0], noteIds[2], moved], changed["data"].Ids());
        Assert.True(changed["data"]![0]!["deleted"]!.GetValue<bool>());
        Assert.Equal([noteIds[1], noteIds[2], moved], live["data"].Ids());
    }

    internal static DateTimeOffset Time(JsonNode? value) =>
        DateTimeOffset.Parse(value!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    internal static string Since(DateTimeOffset time) =>
        "updated_since=" + Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
