using SyncFunctions.DemoUpstream;
using SyncFunctions.Testing;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.Runs;

namespace SyncFunctions.Tests.DeviceSync;

/// <summary>The whole way: an upstream change, synced by a real run (Durable, demo upstream over loopback), reaches a Base device.</summary>
public sealed class DeviceSyncRunTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{

    [Fact]
    public async Task An_upstream_change_synced_by_a_run_reaches_the_device_as_updated_and_a_delete_as_deleted()
    {
        await using var hub = await RunScenario.StartDemoAsync(azurite, new DemoUpstreamOptions { Contacts = 30, Clock = () => DateTimeOffset.UtcNow });
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        var key = (await new AdminClient(hub.App).NewKeyAsync(hub.EnvironmentId, "sync")).Token;
        var device = new BaseDevice(hub.App, key, Guid.NewGuid().ToString());
        var pump = new AckPump(hub.App, azurite.ConnectionString);

        Assert.Equal("completed", (await hub.RunAsync(job)).Str("status"));
        var initial = await device.SyncAsync(pump);

        Assert.Equal(30, initial.Count);
        Assert.All(initial, i => Assert.Equal(("contact", "created"), (i.Type, i.EventType)));
        Assert.Equal(204, (await device.StartAsync()).Status);

        hub.Upstream.Data.Update(DemoResources.Contacts, 7, r => r["company"] = "Changed Inc");
        Assert.Equal("completed", (await hub.RunAsync(job)).Str("status"));
        var changed = await device.SyncAsync(pump);

        var update = Assert.Single(changed);
        Assert.Equal(("7", "updated", "Changed Inc"), (update.Id, update.EventType, update.Data.GetProperty("company").GetString()));
        Assert.True(update.Revision > initial.Single(i => i.Id == "7").Revision);

        hub.Upstream.Data.Delete(DemoResources.Contacts, 5);
        Assert.Equal("completed", (await hub.RunAsync(job, ignorePreviousRun: true)).Str("status"));
        var deleted = Assert.Single(await device.SyncAsync(pump));

        Assert.Equal(("deleted", """{"id":5}"""), (deleted.EventType, deleted.Data.GetRawText()));
        Assert.Equal(204, (await device.StartAsync()).Status);
    }
}
