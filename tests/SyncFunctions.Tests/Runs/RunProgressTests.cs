using SyncFunctions.Core.Runs;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Runs;
using SyncFunctions.Testing;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// The seed: resource_stats "is updated every 10 seconds while the sync job run is running". One long resource, one
/// unit: its counters must move while it still pages, not jump from 0 to the total at the end.
/// </summary>
public sealed class RunProgressTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Resource_stats_and_counters_grow_while_a_single_resource_is_still_paging()
    {
        await using var hub = await RunScenario.StartAsync(azurite, new DemoUpstreamOptions { Contacts = 600 }, RunScenario.PagedContacts(20));
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        // 30 pages of 20 at ~500 ms each: about 15 s of paging, over which a unit reports every 4 s — three reports
        // while it runs even when the host is slow to start it (at 300 ms a page a loaded machine saw only one).
        hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Delay(TimeSpan.FromMilliseconds(500)) });
        var id = await hub.StartRunAsync(job);
        var poller = hub.App.Get<RunStatusPoller>();
        var instances = new DurableRunInstanceReader(hub.App.DurableClient);

        var seenWhileRunning = new List<long>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await poller.PollAsync(instances, default);
            var run = await hub.GetRunAsync(id);
            if (run.Str("status") is not ("created" or "running"))
            {
                break;
            }

            var fetched = run.Json.GetProperty("resource_stats").TryGetProperty("crm/contacts", out var contacts)
                ? contacts.GetProperty("list").GetProperty("fetched").GetInt64()
                : 0;
            Assert.Equal(fetched, run.Json.GetProperty("source_record_count").GetInt64());
            seenWhileRunning.Add(fetched);
            await Task.Delay(1000);
        }

        var moving = seenWhileRunning.Where(f => f is > 0 and < 600).Distinct().ToList();
        Assert.True(moving.Count >= 2, $"progress seen while running: {string.Join(", ", seenWhileRunning)}");
        Assert.Equal(moving.Order(), moving);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await hub.App.DurableClient.WaitForInstanceCompletionAsync(id, timeout.Token);
        var done = await hub.GetRunAsync(id);
        Assert.Equal("completed", done.Str("status"));
        Assert.Equal(600, done.Json.GetProperty("resource_stats").GetProperty("crm/contacts").GetProperty("list").GetProperty("fetched").GetInt64());
        Assert.Empty(await hub.App.Get<IRunProgressStore>().ListAsync(hub.EnvironmentId, id, default));
    }
}
