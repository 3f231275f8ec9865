using System.Net;

namespace SyncFunctions.DemoUpstream.Tests;

public class RateLimitTests
{
    [Fact]
    public async Task Requests_over_the_per_second_limit_get_429_with_retry_after_1()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 3, RateLimitPerSecond = 3, TimeProvider = time });
        using var client = TestHttp.ClientFor(server);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await client.GetAsync("/page/contacts");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited ??= response;
        }
        var health = await client.GetAsync("/health");
        time.Advance(TimeSpan.FromSeconds(1));
        var nextSecond = await client.GetAsync("/page/contacts");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(TimeSpan.FromSeconds(1), limited!.Headers.RetryAfter?.Delta);
        Assert.Equal("rate_limited", System.Text.Json.Nodes.JsonNode.Parse(await limited.Content.ReadAsStringAsync()).Error());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, nextSecond.StatusCode);
    }

    [Fact]
    public async Task Without_a_limit_bursts_are_fine()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 3 });
        using var client = TestHttp.ClientFor(server);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.GetAsync("/page/contacts")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }
}
