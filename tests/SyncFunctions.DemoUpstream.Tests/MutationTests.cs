using System.Net;

namespace SyncFunctions.DemoUpstream.Tests;

public class MutationTests
{
    [Theory]
    [InlineData("users", "name")]
    [InlineData("contacts", "company")]
    [InlineData("deals", "stage")]
    [InlineData("notes", "body")]
    public async Task Update_changes_content_and_moves_updated_at_past_every_base_record(string resource, string field)
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Users = 10, Contacts = 10, Deals = 10 });
        using var client = TestHttp.ClientFor(server);
        var before = server.Data.Get(resource, 2)!;
        var newestBase = server.Data.Snapshot(resource).Max(r => FilterTests.Time(r["updated_at"]));

        var returned = server.Data.Update(resource, 2);
        var served = await client.GetJsonAsync($"/page/{resource}/2");

        Assert.NotEqual(before[field]!.ToJsonString(), served[field]!.ToJsonString());
        Assert.Equal(returned.ToJsonString(), served.ToJsonString());
        Assert.True(FilterTests.Time(served["updated_at"]) > newestBase);
        Assert.Equal(before["created_at"]!.GetValue<string>(), served["created_at"]!.GetValue<string>());
        Assert.Equal(served.ToJsonString(), server.Data.Snapshot(resource).Single(r => r["id"]!.GetValue<long>() == 2).ToJsonString());
    }

    [Fact]
    public async Task Update_with_a_change_applies_it_and_keeps_the_id()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 10 });
        using var client = TestHttp.ClientFor(server);

        server.Data.Update("contacts", 3, c =>
        {
            c["email"] = "changed@example.com";
            c["id"] = 999;
        });
        var list = await client.GetJsonAsync("/offset/contacts?limit=5");

        Assert.Equal([1L, 2, 3, 4, 5], list["items"].Ids());
        Assert.Equal("changed@example.com", list["items"]![2]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Successive_updates_get_strictly_later_timestamps()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 10 });

        var first = FilterTests.Time(server.Data.Update("contacts", 1)["updated_at"]);
        var second = FilterTests.Time(server.Data.Update("contacts", 1)["updated_at"]);
        var third = FilterTests.Time(server.Data.Update("contacts", 9)["updated_at"]);

        Assert.True(second > first);
        Assert.True(third > second);
    }

    [Fact]
    public async Task Injected_clock_sets_updated_at_but_never_goes_back()
    {
        var now = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 10, Clock = () => now });

        var first = server.Data.Update("contacts", 1);
        var second = server.Data.Update("contacts", 2);
        now = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var third = server.Data.Update("contacts", 3);

        Assert.Equal("2031-05-06T07:08:09Z", first["updated_at"]!.GetValue<string>());
        Assert.Equal("2031-05-06T07:08:10Z", second["updated_at"]!.GetValue<string>());
        Assert.Equal("2031-05-06T07:08:11Z", third["updated_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_removes_the_record_everywhere()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 10 });
        using var client = TestHttp.ClientFor(server);

        Assert.True(server.Data.Delete("contacts", 5));

        Assert.False(server.Data.Delete("contacts", 5));
        Assert.Null(server.Data.Get("contacts", 5));
        Assert.Equal(9, server.Data.Count("contacts"));
        Assert.DoesNotContain(5L, server.Data.Snapshot("contacts").Ids());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/page/contacts/5")).StatusCode);
        var page = await client.GetJsonAsync("/page/contacts");
        Assert.Equal([1L, 2, 3, 4, 6, 7, 8, 9, 10], page["data"].Ids());
        Assert.Equal(9, page["total"]!.GetValue<int>());
        Assert.Throws<KeyNotFoundException>(() => server.Data.Update("contacts", 5));
    }

    [Fact]
    public async Task Add_appends_after_every_existing_id()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 10 });
        using var client = TestHttp.ClientFor(server);

        var first = server.Data.Add("contacts");
        var second = server.Data.Add("contacts", c => c["first_name"] = "Zed");
        server.Data.Delete("contacts", first);

        Assert.Equal(11, first);
        Assert.Equal(12, second);
        Assert.Equal(11, server.Data.Count("contacts"));
        var walk = await Walker.WalkAsync(client, "cursor", "contacts", pageSize: 4);
        Assert.Equal([.. Enumerable.Range(1, 10).Select(i => (long)i), 12L], walk.Ids);
        Assert.Equal("Zed", walk.Records[^1]["first_name"]!.GetValue<string>());
        Assert.Equal(walk.Ids, server.Data.Snapshot("contacts").Ids());
        Assert.Equal(10, server.Data.BaseCount("contacts"));
    }

    [Fact]
    public async Task Snapshot_matches_what_a_full_walk_returns_after_mixed_mutations()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Users = 3, Contacts = 200 });
        using var client = TestHttp.ClientFor(server);
        for (var id = 1; id <= 200; id += 17) server.Data.Update("contacts", id);
        for (var id = 3; id <= 200; id += 29) server.Data.Delete("contacts", id);
        server.Data.Add("contacts");

        var walk = await Walker.WalkAsync(client, "offset", "contacts", pageSize: 33);

        Assert.Equal(server.Data.Snapshot("contacts").Select(r => r.ToJsonString()), walk.Records.Select(r => r.ToJsonString()));
        Assert.Equal(server.Data.Count("contacts"), walk.Ids.Count);
    }

    [Fact]
    public void Snapshot_hands_out_copies()
    {
        var data = new DemoDataSet(new DemoUpstreamOptions { Contacts = 3 });
        data.Update("contacts", 2);

        foreach (var record in data.Snapshot("contacts")) record["company"] = "Mutated by caller";

        Assert.All(data.Snapshot("contacts"), r => Assert.NotEqual("Mutated by caller", r["company"]!.GetValue<string>()));
    }
}
