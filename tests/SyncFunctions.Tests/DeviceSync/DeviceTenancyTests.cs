using SyncFunctions.Core.DeviceSync;

namespace SyncFunctions.Tests.DeviceSync;

/// <summary>
/// One environment, several customers (integrated accounts): a device reads what its key may see, and its
/// state belongs to the key that syncs it, so another key of the environment cannot acknowledge for it.
/// </summary>
public sealed class DeviceTenancyTests(DeviceSyncFixture fixture) : IClassFixture<DeviceSyncFixture>
{
    private readonly AckPump _pump = new(fixture.App, fixture.ConnectionString);

    [Fact]
    public async Task An_unrestricted_device_receives_every_account_and_a_restricted_one_only_its_own()
    {
        var stage = await fixture.NewStageAsync();
        var b = await stage.NewAccountAsync();
        await stage.WriteAsync(Stage.Record("1", "A1"), Stage.Record("2", "A2"));
        await stage.WriteAsync(stage.Deals, Stage.Record("1", "A-deal"));
        await stage.WriteAsync(stage.Contacts with { AccountId = b }, Stage.Record("1", "B1"), Stage.Record("3", "B3"));

        var everything = await stage.NewDevice().SyncAsync(_pump);
        var onlyA = await stage.NewDevice(await stage.NewKeyAsync(stage.AccountId)).SyncAsync(_pump);
        var onlyB = await stage.NewDevice(await stage.NewKeyAsync(b)).SyncAsync(_pump);

        Assert.Equal(["A-deal", "A1", "A2", "B1", "B3"], Names(everything));
        Assert.Equal(["A-deal", "A1", "A2"], Names(onlyA));
        Assert.Equal(["B1", "B3"], Names(onlyB));
        Assert.Equal(["deal", "person", "person"], onlyA.OrderBy(i => i.Data.GetProperty("name").GetString(), StringComparer.Ordinal).Select(i => i.Type));
    }

    [Fact]
    public async Task Another_keys_acks_for_a_device_uuid_leave_that_devices_state_alone()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"), Stage.Record("2", "Bob"), Stage.Record("3", "Cy"));
        var victim = stage.NewDevice();
        var victimItems = await victim.DrainAsync();
        Assert.Equal(3, victimItems.Count);

        // A second key of the environment, sending the victim's device UUID: it syncs (its own state) and
        // acknowledges the victim's keys, which it could have read off the wire, together with its own.
        var intruder = new BaseDevice(fixture.App, await stage.NewKeyAsync(), victim.Uuid);
        var intruderItems = await intruder.DrainAsync();
        var ack = await intruder.AckAsync(victimItems.Select(i => i.AckKey).Concat(intruderItems.Select(i => i.AckKey)));
        Assert.Equal(202, ack.Status);
        await _pump.DrainAsync();

        var again = await victim.StartAsync();
        Assert.True(again.Status == 201, again.ToString());
        Assert.Equal(3, again.Json.GetProperty("data").GetProperty("queues")[0].GetProperty("data").GetProperty("total_count").GetInt32());
        Assert.Equal(3, ack.Json.GetProperty("data").GetProperty("accepted").GetInt32());
        Assert.Equal(3, ack.Json.GetProperty("data").GetProperty("ignored").GetInt32());

        // The intruder's own acks applied to its own state of that UUID.
        Assert.Equal(204, (await intruder.StartAsync()).Status);
    }

    [Fact]
    public async Task A_session_covers_at_most_a_hundred_feeds_and_the_rest_come_in_the_next_session()
    {
        var stage = await fixture.NewStageAsync();
        var feeds = DeviceSyncOptions.MaxFeedsPerSession + 2;
        for (var i = 0; i < feeds; i++)
        {
            await stage.WriteAsync(stage.Contacts with { Resource = $"crm/r{i:D3}" }, Stage.Record("1", $"r{i:D3}"));
        }

        var device = stage.NewDevice();
        var first = await device.SyncAsync(_pump);
        var second = await device.SyncAsync(_pump);

        Assert.Equal(DeviceSyncOptions.MaxFeedsPerSession, first.Count);
        Assert.Equal(2, second.Count);
        Assert.Equal(Enumerable.Range(0, feeds).Select(i => $"r{i:D3}"), Names(first.Concat(second)));
        Assert.Equal(204, (await device.StartAsync()).Status);
    }

    private static List<string> Names(IEnumerable<SyncItem> items) =>
        items.Select(i => i.Data.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();
}
