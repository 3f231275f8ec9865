using System.Text.Json;

namespace SyncFunctions.Tests.DeviceSync;

/// <summary>Base's flow end to end through the HTTP functions: start → drain → ack (queue-applied) → start again.</summary>
public sealed class DeviceSyncFlowTests(DeviceSyncFixture fixture) : IClassFixture<DeviceSyncFixture>
{
    private readonly AckPump _pump = new(fixture.App, fixture.ConnectionString);

    [Fact]
    public async Task Start_drain_ack_then_start_again_answers_204()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"), Stage.Record("2", "Bob"), Stage.Record("3", "Cy"), Stage.Record("4", "Di"));
        var device = stage.NewDevice();

        var start = await device.StartAsync();

        Assert.Equal(201, start.Status);
        Assert.StartsWith("application/json", start.ContentType);
        var session = start.Json.GetProperty("data").GetProperty("id").GetString()!;
        Assert.Equal(
            """{"data":{"id":"SID","queues":[{"data":{"name":"main","pages":2,"total_count":4},"meta":{"type":"sync_queue","links":{"self":"http://localhost:7071/api/v2/sync/SID/queues/main"}}}]},"meta":{"type":"sync_session"}}"""
                .Replace("SID", session, StringComparison.Ordinal),
            start.Body);

        var first = await device.FetchAsync(session);
        var second = await device.FetchAsync(session);
        var drained = await device.FetchAsync(session);

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Equal(204, drained.Status);
        Assert.Equal("", drained.Body);
        var meta = first.Json.GetProperty("meta");
        Assert.Equal("collection", meta.GetProperty("type").GetString());
        Assert.Equal(3, meta.GetProperty("count").GetInt32());
        Assert.Equal(1, meta.GetProperty("count_left").GetInt32());
        Assert.Equal(JsonValueKind.Array, meta.GetProperty("failed_objects").ValueKind);
        Assert.Equal(0, second.Json.GetProperty("meta").GetProperty("count_left").GetInt32());

        var items = first.Json.GetProperty("items").EnumerateArray().Concat(second.Json.GetProperty("items").EnumerateArray()).Select(SyncItem.From).ToList();
        Assert.Equal(["1", "2", "3", "4"], items.Select(i => i.Id));
        Assert.All(items, i => Assert.Equal(("person", "created"), (i.Type, i.EventType)));
        Assert.Equal("Ada", items[0].Data.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Number, items[0].Data.GetProperty("id").ValueKind);
        Assert.Equal(await stage.RevisionOfAsync("3"), items[2].Revision);
        Assert.Equal(4, items.Select(i => i.AckKey).Distinct().Count());

        var ack = await device.AckAsync(items.Select(i => i.AckKey));
        Assert.Equal(202, ack.Status);
        Assert.Equal(1, await _pump.DrainAsync());

        Assert.Equal(204, (await device.StartAsync()).Status);
    }

    [Fact]
    public async Task Changes_after_a_sync_arrive_as_updated_deleted_and_once_per_record()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"), Stage.Record("2", "Bob"), Stage.Record("3", "Cy"));
        var device = stage.NewDevice();
        var initial = await device.SyncAsync(_pump);
        Assert.Equal(3, initial.Count);

        await stage.WriteAsync(Stage.Record("1", "Ada Lovelace"));
        await stage.DeleteAsync("2");
        await stage.WriteAsync(Stage.Record("3", "Cy v2"));
        await stage.WriteAsync(Stage.Record("3", "Cy v3"));

        var changes = await device.SyncAsync(_pump);

        Assert.Equal(["1", "2", "3"], changes.Select(i => i.Id).Order());
        var updated = changes.Single(i => i.Id == "1");
        Assert.Equal("updated", updated.EventType);
        Assert.Equal("Ada Lovelace", updated.Data.GetProperty("name").GetString());
        Assert.True(updated.Revision > initial.Single(i => i.Id == "1").Revision);
        Assert.Equal(await stage.RevisionOfAsync("1"), updated.Revision);

        var deleted = changes.Single(i => i.Id == "2");
        Assert.Equal("deleted", deleted.EventType);
        Assert.Equal("""{"id":2}""", deleted.Data.GetRawText());
        Assert.Equal("person", deleted.Type);

        var twice = changes.Single(i => i.Id == "3");
        Assert.Equal("Cy v3", twice.Data.GetProperty("name").GetString());
        Assert.Equal(await stage.RevisionOfAsync("3"), twice.Revision);

        Assert.Empty(await device.SyncAsync(_pump));
    }

    [Fact]
    public async Task Type_names_come_from_the_integration_or_the_resource_name()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(stage.Deals, Stage.Record("d1", "Big deal"));
        await stage.WriteAsync(Stage.Record("c1", "Ada"));

        var items = await stage.NewDevice().DrainAsync();

        // Feeds are served in a stable order (account, then resource): crm/contacts before crm/deals.
        Assert.Equal(["person", "deal"], items.Select(i => i.Type));
        Assert.Equal(JsonValueKind.String, items[1].Data.GetProperty("id").ValueKind);
    }

    [Fact]
    public async Task Unacknowledged_items_come_again_and_an_old_ack_does_not_hide_a_newer_revision()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"), Stage.Record("2", "Bob"));
        var device = stage.NewDevice();

        var first = await device.DrainAsync();
        var again = await device.DrainAsync();

        Assert.Equal(first.Select(i => (i.Id, i.Revision)), again.Select(i => (i.Id, i.Revision)));

        // Record 1 changes before the device acknowledges the version it got.
        await stage.WriteAsync(Stage.Record("1", "Ada v2"));
        Assert.Equal(202, (await device.AckAsync(first.Select(i => i.AckKey))).Status);
        await _pump.DrainAsync();

        var next = await device.DrainAsync();

        var only = Assert.Single(next);
        Assert.Equal(("1", "updated", "Ada v2"), (only.Id, only.EventType, only.Data.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Two_devices_progress_independently()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"), Stage.Record("2", "Bob"));
        var phone = stage.NewDevice();
        var tablet = stage.NewDevice();

        Assert.Equal(2, (await phone.SyncAsync(_pump)).Count);
        await stage.WriteAsync(Stage.Record("2", "Bob v2"));

        var tabletFirst = await tablet.SyncAsync(_pump);
        var phoneNext = await phone.SyncAsync(_pump);

        Assert.Equal(["1", "2"], tabletFirst.Select(i => i.Id));
        Assert.All(tabletFirst, i => Assert.Equal("created", i.EventType));
        Assert.Equal("Bob v2", tabletFirst.Single(i => i.Id == "2").Data.GetProperty("name").GetString());
        var change = Assert.Single(phoneNext);
        Assert.Equal(("2", "updated"), (change.Id, change.EventType));
        Assert.Empty(await tablet.SyncAsync(_pump));
        Assert.Empty(await phone.SyncAsync(_pump));
    }

    [Fact]
    public async Task Deletes_reach_devices_that_had_the_record_and_a_new_device_gets_only_live_records()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"), Stage.Record("2", "Bob"), Stage.Record("3", "Cy"));
        var old = stage.NewDevice();
        await old.SyncAsync(_pump);

        await stage.DeleteAsync("2");
        await stage.WriteAsync(Stage.Record("4", "Short-lived"));
        await stage.DeleteAsync("4");

        var fresh = await stage.NewDevice().DrainAsync();
        var known = await old.SyncAsync(_pump);

        Assert.Equal(["1", "3"], fresh.Select(i => i.Id));
        Assert.All(fresh, i => Assert.Equal("created", i.EventType));
        Assert.Equal(["2"], known.Where(i => i.EventType == "deleted").Select(i => i.Id));
    }
}
