using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using SyncFunctions.Core.Demo;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Security;
using SyncFunctions.Storage.Tables;
using SyncFunctions.Testing.App;

namespace SyncFunctions.Bench;

/// <param name="StartMilliseconds">The median of the timed starts.</param>
/// <param name="RawTailMilliseconds">The median of a plain range read of the same 100 feed rows a start reads (Azurite's own cost).</param>
internal sealed record DeviceStartResult(long Stored, int Changed, TimeSpan Seeding, double StartMilliseconds, double RawTailMilliseconds);

/// <summary>
/// A session start for a device that has synced and acknowledged all of a feed of <c>stored</c> records, after
/// <c>changed</c> of them changed: the start should cost the changes, not the store. The store is seeded without the
/// engine (<see cref="TableRecordStore.AppendNewAsync"/>: the records are known to be new, so nothing is read first),
/// the device's marks are written directly (as DeviceSyncCostTests does), each timed start is a fresh such device.
/// </summary>
internal static class DeviceStart
{
    private const int SeedPage = 1000;
    private const int SeedConcurrency = 4;
    private const int Repeats = 7;

    public static async Task<DeviceStartResult> RunAsync(string connection, Uri upstream, long stored, int changed = 100)
    {
        await using var app = await BenchApp.StartAsync(connection);
        try
        {
            var seeded = await app.Get<DemoSeeder>().SeedAsync(new DemoSeedOptions(upstream, ApiKeyTokens.Generate()), default);
            var scope = new RecordScope(seeded.EnvironmentId, seeded.AccountId, "crm/contacts");
            var store = (TableRecordStore)app.Get<IRecordStore>();

            var seeding = Stopwatch.StartNew();
            var pages = Enumerable.Range(0, (int)((stored + SeedPage - 1) / SeedPage));
            await Parallel.ForEachAsync(pages, new ParallelOptions { MaxDegreeOfParallelism = SeedConcurrency }, async (page, ct) =>
            {
                var first = ((long)page * SeedPage) + 1;
                var last = Math.Min(stored, first + SeedPage - 1);
                var records = new List<IncomingRecord>(SeedPage);
                for (var i = first; i <= last; i++)
                {
                    records.Add(Contact(i, "v1"));
                }

                await store.AppendNewAsync(scope, "seed", records, ct);
            });
            var seedTime = seeding.Elapsed;
            Console.WriteLine($"device start: seeded {stored:N0} records in {seedTime.TotalSeconds:N1} s ({stored / seedTime.TotalSeconds:N0}/s)");

            // Spread over the store, written as a run writes them (change detection and all).
            var changes = Enumerable.Range(1, changed).Select(i => Contact(i * (stored / changed), "v2")).ToList();
            var outcome = await store.PersistAsync(scope, "change", changes, default);
            if (outcome.Updated != changed)
            {
                throw new InvalidOperationException($"{outcome.Updated} of {changed} records changed.");
            }

            var service = app.Get<DeviceSyncService>();
            var devices = app.Get<IDeviceStateStore>();
            var caller = new Caller(DemoSeeder.KeyId, seeded.EnvironmentId, new HashSet<string>(Scopes.All, StringComparer.Ordinal));
            var times = new List<double>();
            for (var run = 0; run <= Repeats; run++)
            {
                // Synced and acknowledged through the seeded head, as a full sync plus acks leave it.
                var device = Guid.NewGuid().ToString();
                await devices.SaveAsync(new DeviceRef(seeded.EnvironmentId, DemoSeeder.KeyId, device), new Dictionary<FeedId, FeedMark> { [scope.Feed] = new(stored, stored) }, default);
                var watch = Stopwatch.StartNew();
                var started = await service.StartAsync(caller, device, default);
                var elapsed = watch.Elapsed.TotalMilliseconds;
                if (started?.TotalCount != changed)
                {
                    throw new InvalidOperationException($"The start announced {started?.TotalCount} items, not {changed}.");
                }

                if (run > 0)
                {
                    times.Add(elapsed); // the first warms up
                }
            }

            var raw = await RawTailAsync(new TableServiceClient(connection).GetTableClient(app.TablePrefix + "changes"), TableLayout.Feed(scope), stored);
            return new DeviceStartResult(stored, changed, seedTime, Median(times), raw);
        }
        finally
        {
            // A million rows weigh on the in-memory Azurite: give them back before the next figure.
            await BenchApp.DeleteTablesAsync(connection, app.TablePrefix);
        }
    }

    /// <summary>The feed rows after the device's watermark, read with a plain range query: what storage alone takes.</summary>
    private static async Task<double> RawTailAsync(TableClient changes, string partition, long after)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {TableLayout.Revision(after)}");
        var times = new List<double>();
        for (var run = 0; run <= Repeats; run++)
        {
            var watch = Stopwatch.StartNew();
            await foreach (var _ in changes.QueryAsync<TableEntity>(filter))
            {
            }

            if (run > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return Median(times);
    }

    private static IncomingRecord Contact(long i, string version)
    {
        var id = i.ToString(CultureInfo.InvariantCulture);
        var data = new JsonObject
        {
            ["id"] = id,
            ["first_name"] = "First" + id,
            ["last_name"] = "Last " + version,
            ["email"] = $"contact{id}@example.com",
            ["company"] = "Company " + (i % 1000).ToString(CultureInfo.InvariantCulture),
        };
        return new IncomingRecord(id, CanonicalJson.Hash(data), data, null, false);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
