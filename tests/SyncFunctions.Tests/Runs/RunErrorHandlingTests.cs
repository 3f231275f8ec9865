using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Views;
using SyncFunctions.DemoUpstream;

namespace SyncFunctions.Tests.Runs;

/// <summary>An upstream page that answers 500 until the adapter's retries are spent, under each error_handling mode.</summary>
public sealed class RunErrorHandlingTests(RunErrorHandlingTests.Hub hub) : IClassFixture<RunErrorHandlingTests.Hub>, IAsyncLifetime
{
    /// <summary>The class's hub: two quick upstream retries.</summary>
    public sealed class Hub : HubFixture
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["SyncFunctions:UpstreamMaxRetries"] = "2",
            ["SyncFunctions:UpstreamRetryBaseDelayMs"] = "20",
        };
    }

    private RunScenario _hub = null!;
    private string _job = "";

    public async Task InitializeAsync()
    {
        _hub = await hub.StageAsync(
            new DemoUpstreamOptions { Contacts = 120 },
            baseUrl => new
            {
                base_url = baseUrl,
                resources = new Dictionary<string, object>
                {
                    ["crm/contacts"] = new
                    {
                        track_deletes = true,
                        list = new { path = "/page/contacts", records_path = "$.data", pagination = new { type = "page_number", page_size = 50 } },
                    },
                },
            });
        _job = await _hub.CreateJobAsync(RunScenario.ContactsJob);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private void FailPageTwo() =>
        _hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=2", UntilCleared = true, Fault = Fault.Status(500) });

    private async Task<SyncJobRun> Stored(string id) => (await _hub.App.Get<IRunStore>().GetAsync(_hub.EnvironmentId, id, default))!;

    [Fact]
    public async Task Fail_fast_fails_the_run_with_the_upstream_error_and_keeps_what_was_stored()
    {
        FailPageTwo();

        var run = await _hub.RunAsync(_job, errorHandling: "fail_fast", ignorePreviousRun: true);

        Assert.Equal("failed", run.Str("status"));
        Assert.Equal("upstream_unavailable", run.Str("error_code"));
        Assert.Equal(50, run.Json.GetProperty("source_record_count").GetInt64());
        Assert.Equal(50, (await _hub.StoredAsync("crm/contacts")).Count);
        Assert.Equal(3, _hub.Upstream.Requests.Count(r => r.QueryString.Contains("page=2", StringComparison.Ordinal)));
        var stored = await Stored(run.Str("id")!);
        Assert.Equal(RunErrorKind.Other, stored.ErrorKind);
        Assert.Equal("error", StatusViews.Braze(stored.Status, stored.Outcome));
    }

    [Fact]
    public async Task Ignore_completes_the_run_but_tracks_no_deletes_from_an_incomplete_listing()
    {
        var first = await _hub.RunAsync(_job, errorHandling: "ignore", ignorePreviousRun: true);
        Assert.Equal(120, first.Json.GetProperty("source_record_count").GetInt64());
        Assert.Null(first.Str("error_code"));
        FailPageTwo();

        var second = await _hub.RunAsync(_job, errorHandling: "ignore", ignorePreviousRun: true);

        // Completed, and says what it skipped (Census shows errors on completed runs too); Braze calls it partial.
        Assert.Equal("completed", second.Str("status"));
        Assert.Equal("upstream_unavailable", second.Str("error_code"));
        Assert.Equal(50, second.Json.GetProperty("source_record_count").GetInt64());
        Assert.Equal(0, second.Json.GetProperty("source_record_deletes").GetInt64());
        Assert.DoesNotContain(await _hub.StoredAsync("crm/contacts"), r => r.Deleted);
        var stored = await Stored(second.Str("id")!);
        Assert.Equal(1, stored.PageErrors);
        Assert.Equal("partial", StatusViews.Braze(stored.Status, stored.Outcome));
    }
}
