using System.Globalization;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Records;
using SyncFunctions.Storage;
using Xunit.Abstractions;

namespace SyncFunctions.Tests.DeviceSync;

/// <summary>
/// Issue 13's cost rule, counted with the storage meter: a device whose key is restricted to account A starts and
/// drains at a cost independent of account B's writes, before, while and after B ingests many records.
/// </summary>
public sealed class DeviceSyncAccountCostTests(DeviceSyncFixture fixture, ITestOutputHelper output) : IClassFixture<DeviceSyncFixture>
{
    /// <summary>B's records: written through the record store in pages of 1000 (what a run's pages do, minus the upstream), 4 at a time.</summary>
    private const int BRecords = 100_000;
    private const int BPage = 1_000;

    private readonly AckPump _pump = new(fixture.App, fixture.ConnectionString);

    [Fact]
    public async Task A_restricted_devices_start_and_drain_cost_does_not_grow_with_another_accounts_writes()
    {
        var stage = await fixture.NewStageAsync();
        var b = stage.Contacts with { AccountId = await stage.NewAccountAsync() };
        var device = stage.NewDevice(await stage.NewKeyAsync(stage.AccountId));
        await stage.WriteAsync(Enumerable.Range(1, 20).Select(i => Stage.Record(Id(i), "v0")).ToArray());
        await SettleAsync(device, expected: 20);

        var quiet = await MeasureRoundAsync(stage, device, round: 1);
        output.WriteLine($"B at 0: {quiet}");

        var pagesWritten = 0;
        var ingest = Parallel.ForEachAsync(Enumerable.Range(0, BRecords / BPage), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (page, ct) =>
        {
            await fixture.Records.PersistAsync(b, "b-run", BPageOf(page), ct);
            Interlocked.Increment(ref pagesWritten);
        });
        while (Volatile.Read(ref pagesWritten) == 0 && !ingest.IsCompleted)
        {
            await Task.Delay(50);
        }

        var during = await MeasureRoundAsync(stage, device, round: 2);
        output.WriteLine($"while B ingests (B pages written by then: {Volatile.Read(ref pagesWritten)}): {during}");
        await ingest;

        var after = await MeasureRoundAsync(stage, device, round: 3);
        output.WriteLine($"B at {BRecords}: {after}");

        Assert.Equal(quiet, during);
        Assert.Equal(quiet, after);
    }

    /// <summary>5 of A's records change; the device starts and drains (measured), then acknowledges and settles.</summary>
    private async Task<Cost> MeasureRoundAsync(Stage stage, BaseDevice device, int round)
    {
        await stage.WriteAsync(Enumerable.Range(1, 5).Select(i => Stage.Record(Id((round * 5) + i - 5 + 1), "v" + round)).ToArray());
        List<SyncItem> items;
        StorageMeasurement cost;
        using (cost = StorageMeter.Measure())
        {
            items = await device.DrainAsync();
        }

        Assert.Equal(5, items.Count);
        Assert.Equal(202, (await device.AckAsync(items.Select(i => i.AckKey))).Status);
        await _pump.DrainAsync();
        Assert.Equal(204, (await device.StartAsync()).Status);

        // Session slots are picked at random among free ones, so how many drained rows a slot listing returns varies:
        // that table is compared by requests only.
        var sessions = fixture.App.TablePrefix + "syncsessions";
        return new Cost(cost.Requests, cost.EntitiesRead - (cost.ByTable.TryGetValue(sessions, out var s) ? s.EntitiesRead : 0));
    }

    private async Task SettleAsync(BaseDevice device, int expected)
    {
        Assert.Equal(expected, (await device.SyncAsync(_pump)).Count);
        Assert.Equal(204, (await device.StartAsync()).Status);
    }

    private static List<IncomingRecord> BPageOf(int page) => Enumerable.Range((page * BPage) + 1, BPage).Select(i =>
    {
        var data = new JsonObject { ["id"] = i, ["name"] = "b" + i };
        return new IncomingRecord(Id(i), "h" + i, data, null, false);
    }).ToList();

    private static string Id(int i) => i.ToString(CultureInfo.InvariantCulture);

    private sealed record Cost(long Requests, long EntitiesRead);
}
