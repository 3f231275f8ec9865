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

        await Task.WhenAll(new[] { "env1/a", "env1/b" }.SelectMany(key => Enumerable.Range(0, 3).Select(_ =>
            harness.Client.SendAsync(harness.Call("/page/contacts", requestsPerSecond: 2, rateLimitKey: key), CancellationToken.None))));

        // Three calls at 2 per second reach the upstream over about 1 s per key; one shared budget would spread all six
        // over 2.5 s. Measured at the upstream, from its first answer to its last, so the client's start-up is not counted.
        var answered = harness.Requests("/page/contacts").Select(r => r.Time).ToList();
        Assert.Equal(6, answered.Count);
        Assert.InRange(answered.Max() - answered.Min(), TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Without_a_rate_calls_are_not_held_back()
    {
        // Every answer waits 2 s at the upstream, which logs it as it goes out: calls sent at once are answered
        // together, and a call the client held back (a rate, a queue, one connection at a time) would be answered at
        // least 2 s after the others. Relative to the upstream's own delay, so a slow machine does not fail it.
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Delay(TimeSpan.FromSeconds(2)) });

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => harness.Client.SendAsync(harness.Call("/page/contacts"), CancellationToken.None)));

        var answered = harness.Requests("/page/contacts").Select(r => r.Time).ToList();
        Assert.Equal(10, answered.Count);
        Assert.True(answered.Max() - answered.Min() < TimeSpan.FromSeconds(2), $"answered over {answered.Max() - answered.Min()}");
    }
}
