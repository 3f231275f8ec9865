using System.Diagnostics;
using System.Text.Json.Nodes;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Records;
using SyncFunctions.Storage;
using SyncFunctions.Storage.Tables;
using Xunit.Abstractions;

namespace SyncFunctions.Tests.DeviceSync;

/// <summary>
/// The cost requirement, proved by counting what the storage meter sees (requests and entities
/// returned), not by timing: with 100 000 records stored and 10 changed since a device's last
/// acknowledgements, a session start and each queue page touch O(10) entities.
/// </summary>
public sealed class DeviceSyncCostTests(DeviceSyncFixture fixture, ITestOutputHelper output) : IClassFixture<DeviceSyncFixture>
{
    private const int Stored = 100_000;

    [Fact]
    public async Task Session_start_and_pages_cost_the_changes_not_the_store()
    {
        var stage = await fixture.NewStageAsync();
        var clock = Stopwatch.StartNew();
        await SeedAsync(stage.Contacts, Stored);
        output.WriteLine($"seeded {Stored} records in {clock.Elapsed}");

        // A device that synced everything and acknowledged it, as the flow tests show a full sync
        // plus acks leave it (replaying 100 000 acks here would only slow the test down).
        var device = stage.NewDevice();
        await fixture.App.Get<IDeviceStateStore>().SaveAsync(stage.StateOf(device), new Dictionary<FeedId, FeedMark> { [stage.Contacts.Feed] = new(Stored, Stored) }, default);
        var behind = stage.NewDevice();
        await fixture.App.Get<IDeviceStateStore>().SaveAsync(stage.StateOf(behind), new Dictionary<FeedId, FeedMark> { [stage.Contacts.Feed] = new(Stored - 2_000, Stored - 2_000) }, default);

        await stage.WriteAsync(Enumerable.Range(1, 8).Select(i => Stage.Record((i * 997).ToString(System.Globalization.CultureInfo.InvariantCulture), "changed")).ToArray());
        await stage.DeleteAsync("5", "50000");

        StorageMeasurement start;
        Testing.Http.TestResponse started;
        using (start = StorageMeter.Measure())
        {
            started = await device.StartAsync();
        }

        output.WriteLine($"start: {start}");
        Assert.Equal(201, started.Status);
        var queue = started.Json.GetProperty("data").GetProperty("queues")[0].GetProperty("data");
        Assert.Equal(10, queue.GetProperty("total_count").GetInt32());
        Assert.InRange(start.EntitiesRead, 10, 20);
        Assert.InRange(start.Requests, 1, 10);
        Assert.Equal(10, start.ByTable[fixture.App.TablePrefix + "changes"].EntitiesRead);
        Assert.False(start.ByTable.ContainsKey(fixture.App.TablePrefix + "records"), "a start reads no records");

        // Each page (3 items in this fixture) reads its feed entries, their acks, its records and the session.
        var session = started.Json.GetProperty("data").GetProperty("id").GetString()!;
        var items = new List<SyncItem>();
        for (var page = 0; page < 10; page++)
        {
            Testing.Http.TestResponse response;
            StorageMeasurement cost;
            using (cost = StorageMeter.Measure())
            {
                response = await device.FetchAsync(session);
            }

            output.WriteLine($"page {page}: {cost}");
            Assert.InRange(cost.EntitiesRead, 0, 12);
            Assert.InRange(cost.Requests, 1, 14);
            if (response.Status == 204)
            {
                break;
            }

            items.AddRange(response.Json.GetProperty("items").EnumerateArray().Select(SyncItem.From));
        }

        Assert.Equal(10, items.Count);
        Assert.Equal(2, items.Count(i => i.EventType == "deleted"));

        // The meter is not blind: a device 2 000 revisions behind costs proportionally more.
        StorageMeasurement lagging;
        using (lagging = StorageMeter.Measure())
        {
            Assert.Equal(201, (await behind.StartAsync()).Status);
        }

        output.WriteLine($"start 2 000 behind: {lagging}");
        Assert.InRange(lagging.EntitiesRead, 2_000, 2_100);

        // And an ack request costs O(keys): the keys are checked without storage and queued in one
        // message. (The first ack of the process also creates the queue: done before measuring.)
        Assert.Equal(202, (await device.AckAsync(items.Take(1).Select(i => i.AckKey))).Status);
        StorageMeasurement ack;
        using (ack = StorageMeter.Measure())
        {
            Assert.Equal(202, (await device.AckAsync(items.Skip(1).Select(i => i.AckKey))).Status);
        }

        output.WriteLine($"ack: {ack}");
        Assert.Equal(["messages", fixture.App.TablePrefix + "apikeys"], ack.ByTable.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, ack.ByTable["messages"].Requests);
    }

    private async Task SeedAsync(RecordScope scope, int count)
    {
        var store = Assert.IsType<TableRecordStore>(fixture.Records);
        var pages = Enumerable.Range(0, count / 1000).Select(p => Enumerable.Range((p * 1000) + 1, 1000).Select(i =>
        {
            var id = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var data = new JsonObject { ["id"] = i, ["name"] = "n" + id };
            return new IncomingRecord(id, "h" + id, data, null, false);
        }).ToList());
        await Parallel.ForEachAsync(pages, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (page, ct) =>
            await store.AppendNewAsync(scope, "seed", page, ct));
    }
}
