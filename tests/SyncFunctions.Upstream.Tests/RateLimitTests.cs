using System.Diagnostics;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Upstream.Tests.Support;

namespace SyncFunctions.Upstream.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Five_requests_per_second_stay_under_an_upstream_that_allows_five()
    {
        // The server answers the sixth request within a wall-clock second with 429, so any burst shows in its log.
        await using var harness = await UpstreamHarness.StartAsync(new DemoUpstreamOptions { Contacts = 5, RateLimitPerSecond = 5 });
        var clock = Stopwatch.StartNew();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            harness.Client.SendAsync(harness.Call("/page/contacts", requestsPerSecond: 5), CancellationToken.None)));

        Assert.All(responses, r => Assert.Equal(200, r.Status));
        var requests = harness.Requests("/page/contacts");
        Assert.Equal(12, requests.Count);
        Assert.DoesNotContain(requests, r => r.StatusCode == 429);
        Assert.All(requests.GroupBy(r => r.Time.UtcTicks / TimeSpan.TicksPerSecond), second => Assert.InRange(second.Count(), 1, 5));
        // 12 requests at 5 per second: the last goes out about 2.2 s after the first.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"took only {clock.Elapsed}");
    }

    [Fact]
    public async Task Each_rate_limit_key_has_its_own_budget()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(new[] { "env1/a", "env1/b" }.SelectMany(key => Enumerable.Range(0, 3).Select(_ =>
            harness.Client.SendAsync(harness.Call("/page/contacts", requestsPerSecond: 2, rateLimitKey: key), CancellationToken.None))));

        // Three calls at 2 per second take about 1 s per key; one shared budget would need 2.5 s for all six.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Without_a_rate_calls_are_not_held_back()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => harness.Client.SendAsync(harness.Call("/page/contacts"), CancellationToken.None)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"took {clock.Elapsed}");
    }
}
