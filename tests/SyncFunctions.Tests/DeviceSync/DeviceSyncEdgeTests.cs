using System.Text.Json.Nodes;
using Azure.Data.Tables;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Records;
using SyncFunctions.Storage.Tables;

namespace SyncFunctions.Tests.DeviceSync;

/// <summary>What storage can do to the feed and the records: holes left by slow or dead writers, unreadable rows, racing starts.</summary>
public sealed class DeviceSyncEdgeTests(DeviceSyncFixture fixture) : IClassFixture<DeviceSyncFixture>
{
    private readonly AckPump _pump = new(fixture.App, fixture.ConnectionString);

    private TableClient Table(string name) => new(fixture.ConnectionString, fixture.App.TablePrefix + name);

    [Fact]
    public async Task The_watermark_waits_at_a_hole_in_the_feed_until_it_is_filled_or_old()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"));
        var before = await stage.RevisionOfAsync("1");

        // A writer takes revisions and has not written them yet; a later writer finishes first.
        var hole = await fixture.App.Get<TableRevisionCounter>().AllocateAsync(stage.Contacts, 2, default);
        await stage.WriteAsync(Stage.Record("2", "Bob"));
        var device = stage.NewDevice();
        Assert.Equal(["1", "2"], (await device.SyncAsync(_pump)).Select(i => i.Id));
        Assert.Equal(204, (await device.StartAsync()).Status);
        Assert.Equal(before, await WatermarkAsync(stage, device));

        // The slow writer lands inside the hole: the device still gets it.
        await WriteAtAsync(stage.Contacts, hole, Stage.Record("3", "Late"));
        var late = await device.SyncAsync(_pump);
        Assert.Equal(["3"], late.Select(i => i.Id));
        Assert.Equal(hole, late[0].Revision);

        // The rest of the hole is never written (its writer died): once older than the grace period, the watermark passes it.
        Assert.Equal(204, (await device.StartAsync()).Status);
        Assert.Equal(hole, await WatermarkAsync(stage, device));
        fixture.Clock.Advance(DeviceSyncOptions.FeedGapGrace + TimeSpan.FromMinutes(1));
        Assert.Equal(204, (await device.StartAsync()).Status);
        Assert.Equal(await stage.RevisionOfAsync("2"), await WatermarkAsync(stage, device));
    }

    [Fact]
    public async Task A_dead_hole_at_the_end_of_a_feed_is_passed_once_older_than_the_grace_period()
    {
        fixture.Clock.Reset(); // the counter row's allocation time is stamped by storage
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"));
        var device = stage.NewDevice();
        Assert.Equal(["1"], (await device.SyncAsync(_pump)).Select(i => i.Id));

        // A writer takes two revisions and dies: no row will ever come after them to date the hole.
        var tail = await fixture.App.Get<TableRevisionCounter>().AllocateAsync(stage.Contacts, 2, default);
        Assert.Equal(204, (await device.StartAsync()).Status);
        Assert.Equal(tail - 1, await WatermarkAsync(stage, device));

        // Once the last allocation is older than any write may take, the counter's head says the tail is dead.
        fixture.Clock.Advance(DeviceSyncOptions.FeedGapGrace + TimeSpan.FromMinutes(1));
        Assert.Equal(204, (await device.StartAsync()).Status);
        Assert.Equal(tail + 1, await WatermarkAsync(stage, device));
    }

    [Fact]
    public async Task An_unreadable_record_is_a_failed_object_and_is_tried_again_next_session()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"), Stage.Record("2", "Bob"));
        var row = (await Table("records").GetEntityAsync<TableEntity>(TableLayout.Records.Partition(stage.Contacts), RecordKeys.Encode("2"))).Value;
        row["Doc0"] = """{"id":2,"name":"Bo"""; // cut short: the stored JSON cannot be parsed
        await Table("records").UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        var device = stage.NewDevice();

        var session = (await device.StartAsync()).Json.GetProperty("data").GetProperty("id").GetString()!;
        var page = await device.FetchAsync(session);

        Assert.Equal(200, page.Status);
        Assert.Equal(["1"], page.Json.GetProperty("items").EnumerateArray().Select(i => SyncItem.From(i).Id));
        Assert.Equal("""[{"type":"person","id":2}]""", page.Json.GetProperty("meta").GetProperty("failed_objects").GetRawText());
        Assert.Equal(204, (await device.FetchAsync(session)).Status);
        await device.AckAsync(page.Json.GetProperty("items").EnumerateArray().Select(i => SyncItem.From(i).AckKey));
        await _pump.DrainAsync();

        await stage.WriteAsync(Stage.Record("2", "Bob, repaired"));
        var next = await device.SyncAsync(_pump);
        Assert.Equal(["2"], next.Select(i => i.Id));
    }

    [Fact]
    public async Task Starts_of_one_device_racing_each_other_never_fail_unexpectedly()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"), Stage.Record("2", "Bob"));
        var device = stage.NewDevice();

        var starts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => device.StartAsync()));

        Assert.All(starts, s => Assert.True(s.Status is 201 or 409, s.ToString()));
        Assert.Contains(starts, s => s.Status == 201);
        var state = await fixture.App.Get<IDeviceStateStore>().GetAsync(stage.StateOf(device), default);
        Assert.Equal(await stage.RevisionOfAsync("2"), state.Mark(stage.Contacts.Feed).ServedThrough);
    }

    private async Task<long> WatermarkAsync(Stage stage, BaseDevice device) =>
        (await fixture.App.Get<IDeviceStateStore>().GetAsync(stage.StateOf(device), default)).Mark(stage.Contacts.Feed).AckedThrough;

    // What TableRecordStore writes for one record at a revision it allocated: the row in the feed's partition, then the record row.
    private async Task WriteAtAsync(RecordScope scope, long revision, IncomingRecord record)
    {
        await Table("changes").AddEntityAsync(new TableEntity(TableLayout.Feed(scope), TableLayout.Revision(revision))
        {
            ["Id"] = record.Id,
            ["Deleted"] = false,
            ["FirstRevision"] = revision,
            ["SyncedAt"] = fixture.Clock.GetUtcNow(),
        });
        var row = new TableEntity(TableLayout.Records.Partition(scope), RecordKeys.Encode(record.Id))
        {
            ["Id"] = record.Id,
            ["Hash"] = record.ContentHash,
            ["Revision"] = revision,
            ["FirstRevision"] = revision,
            ["Deleted"] = false,
            ["SyncedAt"] = fixture.Clock.GetUtcNow(),
            ["RunId"] = "late",
        };
        EntityDocuments.WriteJson(row, record.Data!.ToJsonString());
        await Table("records").AddEntityAsync(row);
    }
}
