using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncFunctions.DemoUpstream.Tests;

public class FaultTests : IAsyncLifetime
{
    private DemoUpstreamServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 20 });
        _client = TestHttp.ClientFor(_server);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Status_429_carries_retry_after_in_seconds_then_the_request_succeeds()
    {
        var rule = _server.Faults.Add(new FaultRule
        {
            PathPrefix = "/page/contacts",
            Fault = Fault.Status(429, retryAfter: TimeSpan.FromSeconds(2)),
        });

        using var limited = await _client.GetAsync("/page/contacts");
        using var retried = await _client.GetAsync("/page/contacts");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter?.Delta);
        Assert.Equal("rate_limited", JsonNode.Parse(await limited.Content.ReadAsStringAsync()).Error());
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, rule.Fired);
        Assert.Equal(0, rule.Remaining);
    }

    [Fact]
    public async Task Retry_after_can_be_an_http_date()
    {
        var at = new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
        _server.Faults.Add("/page", Fault.Status(503, at));

        using var response = await _client.GetAsync("/page/contacts");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(at, response.Headers.RetryAfter?.Date);
        Assert.Equal("Sat, 01 Jun 2030 12:00:00 GMT", string.Join("", response.Headers.GetValues("Retry-After")));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(404)]
    public async Task Any_status_can_be_injected(int status)
    {
        _server.Faults.Add("/offset/contacts", Fault.Status(status));

        var (code, body) = await _client.SendForJsonAsync(new HttpRequestMessage(HttpMethod.Get, "/offset/contacts"));

        Assert.Equal(status, (int)code);
        Assert.Equal("injected_fault", body.Error());
        Assert.Equal(status, _server.Requests.Last().StatusCode);
    }

    [Fact]
    public async Task Times_counts_down_and_skip_first_lets_early_requests_through()
    {
        var rule = _server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", SkipFirst = 1, Times = 2, Fault = Fault.Status(500) });

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++) statuses.Add((int)(await _client.GetAsync("/page/contacts")).StatusCode);

        Assert.Equal([200, 500, 500, 200, 200], statuses);
        Assert.Equal(2, rule.Fired);
    }

    [Fact]
    public async Task Rules_match_only_their_path_prefix_method_and_query()
    {
        _server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=2", Fault = Fault.Status(500) });
        _server.Faults.Add(new FaultRule { PathPrefix = "/page/deals", Method = "POST", Fault = Fault.Status(500) });

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/page/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/page/deals")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/page/contacts?page=1")).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await _client.GetAsync("/page/contacts?page=2")).StatusCode);
    }

    [Fact]
    public async Task Until_cleared_keeps_failing_until_clear()
    {
        _server.Faults.Add(new FaultRule { PathPrefix = "/cursor", UntilCleared = true, Fault = Fault.Status(503) });

        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _client.GetAsync("/cursor/contacts")).StatusCode);
        _server.Faults.Clear();

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/cursor/contacts")).StatusCode);
        Assert.Empty(_server.Faults.Rules);
    }

    [Fact]
    public async Task Delay_answers_normally_after_waiting()
    {
        _server.Faults.Add("/page/contacts", Fault.Delay(TimeSpan.FromMilliseconds(300)));

        var clock = Stopwatch.StartNew();
        var body = await _client.GetJsonAsync("/page/contacts?per_page=3");

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {clock.Elapsed}");
        Assert.Equal([1L, 2, 3], body["data"].Ids());
    }

    [Fact]
    public async Task Hang_outlasts_the_client_and_the_server_stays_usable()
    {
        var rule = _server.Faults.Add("/page/contacts", Fault.Hang());
        using var impatient = new HttpClient { BaseAddress = _server.BaseUrl };
        using var giveUp = new CancellationTokenSource();
        // The client leaves only once the server holds the request: a fixed client timeout could
        // fire before a loaded machine delivers it, and the fault would then catch the next request.
        var pending = impatient.GetAsync("/page/contacts", giveUp.Token);
        for (var i = 0; i < 1000 && rule.Fired == 0; i++) await Task.Delay(10);
        Assert.Equal(1, rule.Fired);
        giveUp.CancelAfter(100);

        await Assert.ThrowsAsync<TaskCanceledException>(() => pending);

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/page/contacts")).StatusCode);
        // The server notices the client leaving a moment after the client does.
        for (var i = 0; i < 500 && _server.Requests.Count < 2; i++) await Task.Delay(10);
        var hung = _server.Requests.Single(e => e.Fault is { Kind: FaultKind.Hang });
        Assert.Equal(0, hung.StatusCode);
    }

    [Fact]
    public async Task A_hanging_request_does_not_hold_up_shutdown()
    {
        var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 3 });
        server.Faults.Add("/", Fault.Hang());
        using var client = TestHttp.ClientFor(server);
        var pending = client.GetAsync("/page/contacts");
        while (server.Faults.Rules[0].Fired == 0) await Task.Delay(10);

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {clock.Elapsed}");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pending);
    }

    [Fact]
    public async Task Malformed_json_is_a_complete_body_that_does_not_parse()
    {
        _server.Faults.Add("/page/contacts", Fault.MalformedJson());

        using var response = await _client.GetAsync("/page/contacts?per_page=3");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("{,", body, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact]
    public async Task Truncated_json_is_a_prefix_of_the_real_body()
    {
        var full = await (await _client.GetAsync("/offset/contacts?limit=5")).Content.ReadAsStringAsync();
        _server.Faults.Add("/offset/contacts", Fault.TruncatedJson());

        using var response = await _client.GetAsync("/offset/contacts?limit=5");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(full.Length / 2, body.Length);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.StartsWith(body, full, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact]
    public async Task Wrong_content_type_serves_an_html_page()
    {
        _server.Faults.Add("/page/contacts", Fault.WrongContentType());

        using var response = await _client.GetAsync("/page/contacts");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_without_ids_strip_every_nth_id()
    {
        _server.Faults.Add("/link/contacts", Fault.RecordsWithoutIds());
        _server.Faults.Add("/next/contacts", Fault.RecordsWithoutIds(every: 3));

        var link = JsonNode.Parse(await (await _client.GetAsync("/link/contacts?per_page=5")).Content.ReadAsStringAsync())!.AsArray();
        var next = (await _client.GetJsonAsync("/next/contacts?limit=6"))["records"]!.AsArray();

        Assert.Equal([false, true, false, true, false], link.Select(r => r!.AsObject().ContainsKey("id")));
        Assert.Equal([false, true, true, false, true, true], next.Select(r => r!.AsObject().ContainsKey("id")));
        Assert.All(link, r => Assert.NotNull(r!["email"]));
    }

    [Fact]
    public async Task Faults_are_recorded_in_the_request_log()
    {
        var fault = Fault.Status(500);
        _server.Faults.Add("/page/contacts", fault);

        await _client.GetAsync("/page/contacts");
        await _client.GetAsync("/page/contacts");

        Assert.Equal([fault, null], _server.Requests.Select(e => e.Fault));
    }

    [Fact]
    public async Task Control_endpoints_are_never_faulted()
    {
        _server.Faults.Add(new FaultRule { PathPrefix = "/", UntilCleared = true, Fault = Fault.Status(500) });

        using var cleared = await _client.DeleteAsync("/_control/faults");

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/page/contacts")).StatusCode);
    }
}
