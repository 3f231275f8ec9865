using System.Diagnostics;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Demo;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Storage.Tables;

namespace SyncFunctions.Bench;

/// <param name="One">One account's run alone.</param>
/// <param name="Aggregate">Records of all accounts' runs over the wall time of the concurrent runs.</param>
/// <param name="Conflicts">ETag conflicts (409/412) the revision counters met during the concurrent runs.</param>
/// <param name="OneCpu">CPU use during the run alone.</param>
/// <param name="AllCpu">CPU use during the concurrent runs.</param>
internal sealed record ParallelAccountsResult(int Accounts, IngestResult One, long Total, TimeSpan Elapsed, long Conflicts, CpuUse OneCpu, CpuUse AllCpu)
{
    public double Aggregate => Total / Elapsed.TotalSeconds;

    public double Speedup => Aggregate / One.PerSecond;
}

/// <summary>
/// The same share for each of <c>accounts</c> accounts of one environment: one account's run of a share alone (on a
/// fresh store), then every account running a share at once (on another fresh store), each run the engine's page loop
/// as in <see cref="EngineIngest"/>, all reading the same demo upstream of one share's contacts.
/// </summary>
internal static class ParallelAccounts
{
    /// <summary>Where the hubspot integration lists contacts (a cursor, <c>after</c>, from the last page).</summary>
    private const string CursorContacts = "/hubspot/crm/v3/objects/contacts";

    /// <param name="latency">
    /// Null: the demo integration's page-numbered contacts, which the engine reads ahead (several pages at once), each
    /// answered at once, so the runs are bound by the storage. Otherwise the hubspot integration's cursor-paged contacts,
    /// whose next page is known only once the last one is read, each answered after <paramref name="latency"/> (the demo
    /// upstream's delay fault), like a real API: a run is bound by its upstream once a page waits longer than it takes to
    /// store.
    /// </param>
    public static async Task<ParallelAccountsResult> RunAsync(string connection, long share, TimeSpan? latency = null, int accounts = 4)
    {
        await using var upstream = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = share, Users = 1, Deals = 1 });
        if (latency is { } delay && delay > TimeSpan.Zero)
        {
            upstream.Faults.Add(new FaultRule { PathPrefix = CursorContacts, Fault = Fault.Delay(delay), UntilCleared = true });
        }

        var integration = latency is null ? DemoSeeder.IntegrationName : DemoSeeder.HubSpotIntegrationName;
        static string AccountOf(DemoSeedResult seeded, string integration) =>
            integration == DemoSeeder.IntegrationName ? seeded.AccountId : seeded.HubSpotAccountId;

        IngestResult one;
        CpuUse oneCpu;
        await using (var app = await BenchApp.StartAsync(connection))
        {
            var seeded = await EngineIngest.SeedAsync(app, upstream.BaseUrl);
            var job = await EngineIngest.ContactsJobAsync(app, seeded, integration);
            var cpu = new CpuMeter();
            one = await EngineIngest.IngestAsync(app, seeded.EnvironmentId, job, AccountOf(seeded, integration));
            oneCpu = cpu.Use();
            await BenchApp.DeleteTablesAsync(connection, app.TablePrefix);
        }

        await using (var app = await BenchApp.StartAsync(connection))
        {
            var seeded = await EngineIngest.SeedAsync(app, upstream.BaseUrl);
            var job = await EngineIngest.ContactsJobAsync(app, seeded, integration);
            var ids = new List<string> { AccountOf(seeded, integration) };
            for (var i = 1; i < accounts; i++)
            {
                var created = await app.Get<AccountService>().CreateAsync(seeded.EnvironmentId, new CreateAccountRequest(integration, $"Bench {i}", $"bench-{i}", null, null), default);
                ids.Add(created.Id);
            }

            var counter = app.Get<TableRevisionCounter>();
            var conflicts = counter.Conflicts;
            var cpu = new CpuMeter();
            var watch = Stopwatch.StartNew();
            var runs = await Task.WhenAll(ids.Select(id => Task.Run(() => EngineIngest.IngestAsync(app, seeded.EnvironmentId, job, id))));
            var elapsed = watch.Elapsed;
            var allCpu = cpu.Use();
            conflicts = counter.Conflicts - conflicts;
            await BenchApp.DeleteTablesAsync(connection, app.TablePrefix);
            return new ParallelAccountsResult(accounts, one, runs.Sum(r => r.Records), elapsed, conflicts, oneCpu, allCpu);
        }
    }
}
