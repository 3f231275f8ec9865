using SyncFunctions.Core.Connections;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Views;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Testing;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// An upstream that goes away mid-run for longer than a request's own retries: the unit waits on a durable timer and
/// tries the page again, so a short outage costs time, not records; an outage that outlasts every wait is one page
/// error, ledgered once.
/// </summary>
public sealed class RunOutageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static Task<RunScenario> StartAsync(AzuriteFixture azurite, int outageRetries) => RunScenario.StartAsync(
        azurite,
        new DemoUpstreamOptions { Contacts = 120 },
        RunScenario.PagedContacts(pageSize: 40, trackDeletes: true),
        settings: new Dictionary<string, string?>
        {
            ["SyncFunctions:UpstreamMaxRetries"] = "1",
            ["SyncFunctions:UpstreamRetryBaseDelayMs"] = "20",
            ["SyncFunctions:OutageRetries"] = outageRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SyncFunctions:OutageWaitSeconds"] = "1",
        });

    [Fact]
    public async Task A_short_outage_mid_run_is_ridden_out_and_the_run_is_complete()
    {
        await using var hub = await StartAsync(azurite, outageRetries: 3);
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        // Page 2 fails 4 requests in a row: two activity attempts of 2 requests each (the request's own retry).
        hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=2", Times = 4, Fault = Fault.Status(503) });

        var run = await hub.RunAsync(job, errorHandling: "ignore");

        Assert.Equal("completed", run.Str("status"));
        Assert.Null(run.Str("error_code"));
        Assert.Equal(120, run.Json.GetProperty("source_record_count").GetInt64());
        Assert.Equal(120, (await hub.StoredAsync("crm/contacts")).Count(r => !r.Deleted));
        // Two failed tries of two requests each (the request and its retry), then the one that works.
        Assert.Equal(5, hub.Upstream.Requests.Count(r => r.QueryString.Contains("page=2", StringComparison.Ordinal)));
        var stored = (await hub.App.Get<IRunStore>().GetAsync(hub.EnvironmentId, run.Str("id")!, default))!;
        Assert.Equal(0, stored.PageErrors);
        Assert.Equal("success", StatusViews.Braze(stored.Status, stored.Outcome));
        Assert.Equal(1, (await hub.App.Get<ConnectionService>().GetAsync(hub.EnvironmentId, hub.AccountId, default)).Status);
        var errors = await hub.App.Get<RunErrorLedger>().ListAsync(hub.EnvironmentId, run.Str("id")!, null, 10, default);
        Assert.Empty(errors.Items);
    }

    [Fact]
    public async Task An_outage_that_outlasts_every_wait_is_one_page_error()
    {
        await using var hub = await StartAsync(azurite, outageRetries: 2);
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=2", UntilCleared = true, Fault = Fault.Status(503) });

        var run = await hub.RunAsync(job, errorHandling: "ignore");

        Assert.Equal("completed", run.Str("status"));
        Assert.Equal("upstream_unavailable", run.Str("error_code"));
        Assert.Equal(40, run.Json.GetProperty("source_record_count").GetInt64());
        // Three tries of page 2 (the first and two after waits), each a request and its retry.
        Assert.Equal(6, hub.Upstream.Requests.Count(r => r.QueryString.Contains("page=2", StringComparison.Ordinal)));
        var errors = await hub.App.Get<RunErrorLedger>().ListAsync(hub.EnvironmentId, run.Str("id")!, null, 10, default);
        var error = Assert.Single(errors.Items);
        Assert.Equal(1, error.Page);
        var stored = (await hub.App.Get<IRunStore>().GetAsync(hub.EnvironmentId, run.Str("id")!, default))!;
        Assert.Equal(1, stored.PageErrors);
        Assert.Equal("partial", StatusViews.Braze(stored.Status, stored.Outcome));

        // Not a clean success in ActiveCampaign's view either: the connection's data is incomplete.
        var connection = await hub.App.Get<ConnectionService>().GetAsync(hub.EnvironmentId, hub.AccountId, default);
        Assert.Equal((0, 0), (connection.Status, connection.SyncStatus));
    }
}
