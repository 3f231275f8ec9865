using System.Net;
using System.Net.Sockets;
using SyncFunctions.Core.Engine;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Upstream.Tests.Support;

namespace SyncFunctions.Upstream.Tests;

public sealed class RetryTests
{
    [Fact]
    public async Task A_429_is_waited_out_for_its_retry_after_then_the_call_succeeds()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", Times = 1, Fault = Fault.Status(429, retryAfter: TimeSpan.FromSeconds(1)) });
        var retries = new Retries();

        var response = await harness.Client.SendAsync(harness.Call("/page/contacts", onRetry: retries.Record), CancellationToken.None);

        Assert.Equal(200, response.Status);
        var requests = harness.Requests("/page/contacts");
        Assert.Equal([429, 200], requests.Select(r => r.StatusCode));
        Assert.True(requests[1].Time - requests[0].Time >= TimeSpan.FromMilliseconds(950), $"waited only {requests[1].Time - requests[0].Time}");
        var retry = Assert.Single(retries.Seen);
        Assert.True(retry.RateLimited);
        Assert.Equal(429, retry.Status);
        Assert.Equal(1, retry.Attempt);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.Delay);
    }

    [Fact]
    public async Task A_retry_after_given_as_an_http_date_is_honoured()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", Times = 1, Fault = Fault.Status(503, DateTimeOffset.UtcNow.AddSeconds(2)) });
        var retries = new Retries();

        await harness.Client.SendAsync(harness.Call("/page/contacts", onRetry: retries.Record), CancellationToken.None);

        // An HTTP-date has whole seconds, so "in 2 s" means somewhat over 1 s from now; backoff alone would be ~50 ms.
        var retry = Assert.Single(retries.Seen);
        Assert.False(retry.RateLimited);
        Assert.InRange(retry.Delay, TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(2.1));
        var requests = harness.Requests("/page/contacts");
        Assert.True(requests[1].Time - requests[0].Time >= TimeSpan.FromMilliseconds(750));
    }

    [Fact]
    public async Task A_retry_after_beyond_the_cap_ends_the_call_at_once_and_hands_the_wait_to_the_caller()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", Times = 1, Fault = Fault.Status(429, retryAfter: TimeSpan.FromSeconds(30)) });
        var started = DateTime.UtcNow;

        var ex = await Assert.ThrowsAsync<UpstreamUnavailableException>(() => harness.GetAsync("/page/contacts"));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
        Assert.Equal(UpstreamErrorKind.Transient, ex.Kind);
        Assert.Equal(429, ex.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), ex.RetryAfter);
        Assert.Single(harness.Requests("/page/contacts"));
    }

    [Fact]
    public async Task Two_503s_are_retried_with_backoff_and_the_third_attempt_succeeds()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", Times = 2, Fault = Fault.Status(503) });
        var retries = new Retries();

        var response = await harness.Client.SendAsync(harness.Call("/page/contacts", onRetry: retries.Record), CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.Equal([503, 503, 200], harness.Requests("/page/contacts").Select(r => r.StatusCode));
        Assert.Equal([1, 2], retries.Seen.Select(r => r.Attempt));
        Assert.All(retries.Seen, r => Assert.Equal(503, r.Status));
        Assert.All(retries.Seen, r => Assert.False(r.RateLimited));
        Assert.All(retries.Seen, r => Assert.InRange(r.Delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task A_500_that_never_clears_exhausts_the_retries_and_is_transient()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Status(500) });
        var retries = new Retries();

        var ex = await Assert.ThrowsAsync<UpstreamUnavailableException>(
            () => harness.Client.SendAsync(harness.Call("/page/contacts", onRetry: retries.Record), CancellationToken.None));

        Assert.Equal(UpstreamErrorKind.Transient, ex.Kind);
        Assert.Equal(EngineErrorCodes.UpstreamUnavailable, ex.Code);
        Assert.Equal(500, ex.Status);
        Assert.Contains("4 attempts", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, harness.Requests("/page/contacts").Count);
        Assert.Equal(3, retries.Seen.Count);
    }

    [Fact]
    public async Task A_hanging_upstream_times_out_per_attempt_and_ends_transient_after_the_retries()
    {
        var options = UpstreamHarness.FastOptions with { AttemptTimeout = TimeSpan.FromMilliseconds(300), MaxRetryAttempts = 2 };
        await using var harness = await UpstreamHarness.StartAsync(options: options);
        harness.Server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Hang() });
        var retries = new Retries();
        var started = DateTime.UtcNow;

        var ex = await Assert.ThrowsAsync<UpstreamUnavailableException>(
            () => harness.Client.SendAsync(harness.Call("/page/contacts", onRetry: retries.Record), CancellationToken.None));

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(850), TimeSpan.FromSeconds(5));
        Assert.Equal(EngineErrorCodes.UpstreamUnavailable, ex.Code);
        Assert.Null(ex.Status);
        Assert.Contains("in time", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, retries.Seen.Count);
        Assert.All(retries.Seen, r => Assert.Null(r.Status));
        Assert.True(await Eventually.TrueAsync(() => harness.Requests("/page/contacts").Count == 3), "the server saw every attempt");
    }

    [Fact]
    public async Task A_refused_connection_is_retried_and_then_transient()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var client = UpstreamHarness.ClientFor(UpstreamHarness.FastOptions, out var services);
        await using var _ = services;
        var retries = new Retries();
        var url = new Uri($"http://127.0.0.1:{port}/page/contacts");
        var call = new UpstreamCall(new UpstreamRequest("GET", url, new Dictionary<string, string>()),
            UpstreamAuthContext.None(url), "k", null, retries.Record);

        var ex = await Assert.ThrowsAsync<UpstreamUnavailableException>(() => client.SendAsync(call, CancellationToken.None));

        Assert.Equal(UpstreamErrorKind.Transient, ex.Kind);
        Assert.Contains("could not be reached", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, retries.Seen.Count);
    }

    [Fact]
    public async Task The_callers_cancellation_stops_the_call_without_translating_it()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Hang() });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Client.SendAsync(harness.Call("/page/contacts"), cancel.Token));
    }
}
