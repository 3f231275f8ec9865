using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Upstream.Tests.Support;

namespace SyncFunctions.Upstream.Tests;

public sealed class SuccessTests
{
    [Fact]
    public async Task A_2xx_json_answer_comes_back_parsed_with_status_headers_and_final_url()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var response = await harness.GetAsync("/page/contacts?per_page=7");

        Assert.Equal(200, response.Status);
        var body = Assert.IsType<JsonObject>(response.Body);
        Assert.Equal(7, Assert.IsType<JsonArray>(body["data"]).Count);
        Assert.Equal(30, body["total"]!.GetValue<long>());
        Assert.StartsWith("application/json", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(response.Headers["Content-Type"], response.Headers["CONTENT-TYPE"]);
        Assert.Equal(harness.Server.Url("/page/contacts?per_page=7"), response.FinalUrl);
        Assert.Single(harness.Requests("/page/contacts"));
    }

    [Fact]
    public async Task A_link_header_is_passed_through_for_the_paginator()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var response = await harness.GetAsync("/link/contacts?per_page=5");

        Assert.Contains("rel=\"next\"", response.Headers["Link"], StringComparison.Ordinal);
        Assert.Contains("page=2", response.Headers["Link"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_attempts_are_logged_at_debug_with_method_url_status_and_attempt()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        await harness.GetAsync("/page/contacts?per_page=2");

        var line = Assert.Single(harness.Logs.Lines, l => l.Category == "SyncFunctions.Upstream" && l.Message.Contains("answered", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, line.Level);
        Assert.StartsWith($"Upstream GET {harness.Server.Url("/page/contacts?per_page=2")} answered 200 (attempt 1)", line.Message, StringComparison.Ordinal);
    }
}
