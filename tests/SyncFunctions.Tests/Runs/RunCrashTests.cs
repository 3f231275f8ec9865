using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Runs;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Testing;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// A page activity that dies part-way through its budget (after some pages were stored) is run again by Durable from
/// the position it was given: the pages it redoes are unchanged, so the store ends equal to the upstream with one
/// change-feed row per record — nothing lost, nothing sent to devices twice.
/// </summary>
public sealed class RunCrashTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_crash_mid_budget_loses_and_duplicates_nothing()
    {
        var crashing = new CrashOnFirstReport();
        await using var hub = await RunScenario.StartAsync(
            azurite,
            new DemoUpstreamOptions { Contacts = 400 },
            RunScenario.PagedContacts(20),
            services: s => s.AddSingleton<IRunProgressStore>(sp => crashing.Around(ActivatorUtilities.CreateInstance<Storage.Tables.TableRunProgressStore>(sp))));
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        // 20 pages at ~300 ms: the first progress report, about 4 s in, comes mid-budget.
        hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Delay(TimeSpan.FromMilliseconds(300)) });

        var run = await hub.RunAsync(job);

        Assert.Equal(1, crashing.Crashes);
        Assert.True(hub.Upstream.Requests.ForPath("/page/contacts").Count() > 20, "the crashed activity's pages were not fetched again");
        Assert.Equal("completed", run.Str("status"));
        Assert.Equal(400, run.Json.GetProperty("resource_stats").GetProperty("crm/contacts").GetProperty("list").GetProperty("fetched").GetInt64());
        var stored = await hub.StoredAsync("crm/contacts");
        Assert.Equal(hub.Upstream.Data.Snapshot(DemoResources.Contacts).Select(r => r["id"]!.ToString()).Order(), stored.Select(r => r.Id).Order());
        var feed = new List<RecordChange>();
        await foreach (var change in hub.App.Get<IRecordStore>().ReadChangesAsync(new RecordScope(hub.EnvironmentId, hub.AccountId, "crm/contacts"), 0, default))
        {
            feed.Add(change);
        }

        Assert.Equal(400, feed.Count(c => c.AccountId == hub.AccountId && c.Resource == "crm/contacts"));
        Assert.Equal(400, feed.Select(c => c.Id).Distinct().Count());
    }

    /// <summary>Throws once, at the first report made while a unit pages: the activity dies with pages stored.</summary>
    private sealed class CrashOnFirstReport
    {
        private int _crashes;

        public int Crashes => _crashes;

        public IRunProgressStore Around(IRunProgressStore inner) => new Store(this, inner);

        private sealed class Store(CrashOnFirstReport owner, IRunProgressStore inner) : IRunProgressStore
        {
            public Task SaveAsync(string environmentId, string runId, UnitProgress progress, CancellationToken ct) =>
                progress.Totals.Fetched > 0 && Interlocked.CompareExchange(ref owner._crashes, 1, 0) == 0
                    ? throw new IOException("the worker died")
                    : inner.SaveAsync(environmentId, runId, progress, ct);

            public Task<IReadOnlyList<UnitProgress>> ListAsync(string environmentId, string runId, CancellationToken ct) => inner.ListAsync(environmentId, runId, ct);

            public Task DeleteAsync(string environmentId, string runId, CancellationToken ct) => inner.DeleteAsync(environmentId, runId, ct);
        }
    }
}
