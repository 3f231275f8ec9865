using System.Diagnostics;
using SyncFunctions.Core.Accounts;
using SyncFunctions.DemoUpstream;

namespace SyncFunctions.Bench;

/// <param name="One">One account's run alone.</param>
/// <param name="Aggregate">Records of all accounts' runs over the wall time of the concurrent runs.</param>
internal sealed record ParallelAccountsResult(int Accounts, IngestResult One, long Total, TimeSpan Elapsed)
{
    public double Aggregate => Total / Elapsed.TotalSeconds;

    public double Speedup => Aggregate / One.PerSecond;
}

/// <summary>
/// The same total split over accounts of one environment: one account's run of a share alone (on a fresh store), then
/// <c>accounts</c> accounts each running a share at once (on another fresh store), each run the engine's page loop as
/// in <see cref="EngineIngest"/>, all reading the same demo upstream of one share's contacts.
/// </summary>
internal static class ParallelAccounts
{
    public static async Task<ParallelAccountsResult> RunAsync(string connection, long total, int accounts = 4)
    {
        var share = total / accounts;
        await using var upstream = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = share, Users = 1, Deals = 1 });

        IngestResult one;
        await using (var app = await BenchApp.StartAsync(connection))
        {
            (one, _) = await EngineIngest.RunAsync(app, upstream.BaseUrl);
            await BenchApp.DeleteTablesAsync(connection, app.TablePrefix);
        }

        await using (var app = await BenchApp.StartAsync(connection))
        {
            var seeded = await EngineIngest.SeedAsync(app, upstream.BaseUrl);
            var job = await EngineIngest.ContactsJobAsync(app, seeded);
            var ids = new List<string> { seeded.AccountId };
            for (var i = 1; i < accounts; i++)
            {
                var created = await app.Get<AccountService>().CreateAsync(seeded.EnvironmentId, new CreateAccountRequest(seeded.IntegrationName, $"Bench {i}", $"bench-{i}", null, null), default);
                ids.Add(created.Id);
            }

            var watch = Stopwatch.StartNew();
            var runs = await Task.WhenAll(ids.Select(id => Task.Run(() => EngineIngest.IngestAsync(app, seeded.EnvironmentId, job, id))));
            var elapsed = watch.Elapsed;
            await BenchApp.DeleteTablesAsync(connection, app.TablePrefix);
            return new ParallelAccountsResult(accounts, one, runs.Sum(r => r.Records), elapsed);
        }
    }
}
