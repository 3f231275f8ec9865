using SyncFunctions.Core.Connections;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Pages;
using SyncFunctions.Core.Runs.Views;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Testing;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.DeviceSync;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// Fault suite: the hub's storage goes away in the middle of a run, while pages are being stored, and comes back.
/// <para>
/// The outage is real: the test has its own Azurite keeping its data on disk (<see cref="AzuriteServer.StartPersistedAsync"/>),
/// shuts it down with SIGTERM (Azurite closes its listeners and saves its data; every storage request is then refused)
/// and starts it again on the same ports and location. A restart was chosen over a fault-injecting pipeline policy
/// because it fails the app's storage clients the way a real outage does (refused connections after the SDK's own
/// retries, in every adapter at once, queues too), and it proved reliable: the data written before the shutdown is
/// there after it. The Durable backend is the in-process test host's, in memory, so only the app's storage is down.
/// </para>
/// <para>
/// Page 3's response is held back for a moment so the shutdown lands while that page is in flight and the page before
/// it may be mid-write. Waits are short here (OutageWaitSeconds 1); the defaults ride out minutes.
/// </para>
/// </summary>
public sealed class RunStorageOutageTests : IAsyncLifetime
{
    private const int Contacts = 250;
    private const int PageSize = 50;

    private readonly string _location = Path.Combine(Path.GetTempPath(), "sf-outage-" + Guid.NewGuid().ToString("N"));
    private AzuriteServer _storage = null!;

    public async Task InitializeAsync() => _storage = await AzuriteServer.StartPersistedAsync(_location);

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not the test's failure.
        }
    }

    private Task<RunScenario> StartAsync(int outageRetries) => RunScenario.StartAsync(
        _storage.ConnectionString,
        new DemoUpstreamOptions { Contacts = Contacts },
        RunScenario.PagedContacts(pageSize: PageSize, trackDeletes: true),
        settings: new Dictionary<string, string?>
        {
            ["SyncFunctions:UpstreamMaxRetries"] = "1",
            ["SyncFunctions:UpstreamRetryBaseDelayMs"] = "20",
            ["SyncFunctions:OutageRetries"] = outageRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SyncFunctions:OutageWaitSeconds"] = "1",
        });

    /// <summary>Shuts storage down once the upstream has been asked for page 3, and brings it back after <paramref name="outage"/>.</summary>
    private async Task OutageAsync(RunScenario hub, TimeSpan outage, CancellationToken ct)
    {
        while (!hub.Upstream.Requests.Any(r => r.QueryString.Contains("page=3", StringComparison.Ordinal)))
        {
            await Task.Delay(20, ct);
        }

        await _storage.ShutDownAsync(ct);
        await Task.Delay(outage, ct);
        await _storage.RestartAsync(ct);
    }

    [Fact]
    public async Task Storage_down_mid_page_and_back_leaves_the_store_equal_to_the_upstream_and_the_run_completed()
    {
        await using var hub = await StartAsync(outageRetries: 5);
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        var key = (await new AdminClient(hub.App).NewKeyAsync(hub.EnvironmentId, "sync")).Token;
        hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=3", Times = 1, Fault = Fault.Delay(TimeSpan.FromSeconds(2)) });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var id = await hub.StartRunAsync(job, errorHandling: "ignore");

        // Longer than the SDK's retries and the activity's own three attempts put together (about 25 s).
        await OutageAsync(hub, TimeSpan.FromSeconds(35), timeout.Token);
        var state = await hub.App.DurableClient.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.True(state.RuntimeStatus == Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, state.FailureDetails?.ToString() ?? state.RuntimeStatus.ToString());
        var run = await hub.GetRunAsync(id);
        Assert.Equal("completed", run.Str("status"));
        Assert.Null(run.Str("error_code"));
        Assert.Equal(Contacts, run.Json.GetProperty("source_record_count").GetInt64());
        var stored = (await hub.App.Get<IRunStore>().GetAsync(hub.EnvironmentId, id, default))!;
        Assert.Equal(0, stored.PageErrors);
        Assert.Equal("success", StatusViews.Braze(stored.Status, stored.Outcome));
        Assert.Equal((1, 0), await ConnectionFlagsAsync(hub));

        // The store is the upstream: every record once, with its data.
        var records = await hub.StoredAsync("crm/contacts");
        Assert.DoesNotContain(records, r => r.Deleted);
        Assert.Equal(
            hub.Upstream.Data.Snapshot(DemoResources.Contacts).ToDictionary(r => r["id"]!.ToString(), CanonicalJson.Hash),
            records.ToDictionary(r => r.Id, r => CanonicalJson.Hash(r.Data!)));

        // Each record has one feed row at its state, and a device receives it once. A page whose feed rows were
        // written just before storage went down, and whose records were not, is written again once storage is back:
        // its first feed rows stay behind, older than their records, which readers skip (TableRecordStore says so).
        // So only pages in flight at the outage may leave such rows, and never one newer than its record.
        var feed = await FeedAsync(hub);
        var current = records.ToDictionary(r => r.Id, r => r.Revision);
        Assert.Equal(Contacts, feed.Count(c => current[c.Id] == c.Revision));
        var superseded = feed.Where(c => current[c.Id] != c.Revision).ToList();
        Assert.All(superseded, c => Assert.True(c.Revision < current[c.Id], $"feed row {c.Revision} of {c.Id} is newer than its record"));
        Assert.InRange(superseded.Count, 0, PageBudget.DefaultStoreConcurrency * PageSize);
        var items = await new BaseDevice(hub.App, key, Guid.NewGuid().ToString()).SyncAsync(new AckPump(hub.App, _storage.ConnectionString));
        Assert.Equal(Contacts, items.Count(i => i.Type == "contact"));
        Assert.Equal(Contacts, items.Where(i => i.Type == "contact").Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public async Task Storage_down_longer_than_every_wait_leaves_a_run_failed_in_all_four_views_once_storage_is_back()
    {
        // One short wait, then the ordinary attempts: well under the outage.
        await using var hub = await StartAsync(outageRetries: 1);
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=3", Times = 1, Fault = Fault.Delay(TimeSpan.FromSeconds(2)) });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var id = await hub.StartRunAsync(job, errorHandling: "ignore");

        var outage = OutageAsync(hub, TimeSpan.FromSeconds(35), timeout.Token);
        var state = await hub.App.DurableClient.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        await outage;

        // The orchestration gave up while storage was down, so nothing could write the run's end: the status poller
        // finds the failed orchestration once storage is back.
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Equal(1, (await hub.App.Get<RunStatusPoller>().PollAsync(new SyncFunctions.Runs.DurableRunInstanceReader(hub.App.DurableClient), default)).Reconciled);
        var run = await hub.GetRunAsync(id);
        Assert.Equal("failed", run.Str("status"));
        Assert.Equal(ReconcileErrorCodes.OrchestrationFailed, run.Str("error_code"));
        var stored = (await hub.App.Get<IRunStore>().GetAsync(hub.EnvironmentId, id, default))!;
        Assert.Equal(("failed", false), StatusViews.Census(stored.Status));
        Assert.Equal("error", StatusViews.Braze(stored.Status, stored.Outcome));
        // ActiveCampaign: no sync running. Its status keeps its previous value, as DESIGN.md's table says of a failure
        // that is not a configuration error (a storage outage says nothing about the connection).
        Assert.Equal(0, (await ConnectionFlagsAsync(hub)).SyncStatus);

        // What was stored before the outage is intact: upstream records with their data, nothing twice.
        var upstream = hub.Upstream.Data.Snapshot(DemoResources.Contacts).ToDictionary(r => r["id"]!.ToString(), CanonicalJson.Hash);
        var records = await hub.StoredAsync("crm/contacts");
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Equal(upstream[r.Id], CanonicalJson.Hash(r.Data!)));
        var feed = await FeedAsync(hub);
        Assert.Equal(feed.Count, feed.Select(c => c.Id).Distinct().Count());
    }

    private static async Task<(int Status, int SyncStatus)> ConnectionFlagsAsync(RunScenario hub)
    {
        var connection = await hub.App.Get<ConnectionService>().GetAsync(hub.EnvironmentId, hub.AccountId, default);
        return (connection.Status, connection.SyncStatus);
    }

    private static async Task<List<RecordChange>> FeedAsync(RunScenario hub)
    {
        var feed = new List<RecordChange>();
        await foreach (var change in hub.App.Get<IRecordStore>().ReadChangesAsync(new RecordScope(hub.EnvironmentId, hub.AccountId, "crm/contacts"), 0, default))
        {
            feed.Add(change);
        }

        return feed;
    }
}
