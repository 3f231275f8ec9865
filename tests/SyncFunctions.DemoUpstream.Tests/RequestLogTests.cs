using System.Net;

namespace SyncFunctions.DemoUpstream.Tests;

public class RequestLogTests
{
    [Fact]
    public async Task Log_records_method_path_query_status_and_auth()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 120, Auth = new UpstreamAuth { BearerToken = "t" } });
        using var client = TestHttp.ClientFor(server);
        client.DefaultRequestHeaders.Authorization = new("Bearer", "t");
        var since = server.Data.Get("contacts", 100)!["updated_at"]!.GetValue<string>();

        var walk = await Walker.WalkAsync(client, "cursor", "contacts", pageSize: 15, $"updated_since={since}");
        using var anonymous = new HttpClient { BaseAddress = server.BaseUrl };
        await anonymous.GetAsync("/page/deals?page=2");

        var entries = server.Requests.ToList();
        Assert.Equal(walk.Requests + 1, entries.Count);
        Assert.Equal(2, walk.Requests);
        Assert.All(entries.Take(walk.Requests), e =>
        {
            Assert.Equal("GET", e.Method);
            Assert.Equal("/cursor/contacts", e.Path);
            Assert.Equal(since, e.Query("updated_since"));
            Assert.Equal("15", e.Query("limit"));
            Assert.Equal(200, e.StatusCode);
            Assert.True(e.AuthPassed);
            Assert.Equal("bearer", e.AuthScheme);
            Assert.Null(e.Fault);
        });
        Assert.Null(entries[0].Query("cursor") is { Length: > 0 } ? "first page had a cursor" : null);
        Assert.NotEmpty(entries[1].Query("cursor")!);
        var refused = entries[^1];
        Assert.Equal("/page/deals", refused.Path);
        Assert.Equal("page=2", refused.QueryString);
        Assert.Equal("/page/deals?page=2", refused.PathAndQuery);
        Assert.Equal(401, refused.StatusCode);
        Assert.False(refused.AuthPassed);
        Assert.Single(server.Requests.ForPath("/page/"));
    }

    [Fact]
    public async Task Log_can_be_cleared_and_sees_control_and_unknown_paths()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 3 });
        using var client = TestHttp.ClientFor(server);
        await client.GetAsync("/health");
        server.Requests.Clear();

        await client.GetAsync("/nope");
        await client.PostAsync("/_control/contacts/1/delete", null);

        Assert.Equal([("/nope", 404), ("/_control/contacts/1/delete", 200)], server.Requests.Select(e => (e.Path, e.StatusCode)));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Log_keeps_every_request_under_concurrency()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 3 });
        using var client = TestHttp.ClientFor(server);

        var responses = await Task.WhenAll(Enumerable.Range(1, 30).Select(i => client.GetAsync($"/page/contacts?page={i}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(Enumerable.Range(1, 30).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            server.Requests.Select(e => e.Query("page")!).Order());
    }
}
