using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Storage;
using SyncFunctions.Tests.Queues;

namespace SyncFunctions.Tests.DeviceSync;

/// <summary>Acks go through Azurite's queue to the queue-triggered function: at least once, in any order, possibly never (a crash).</summary>
public sealed class DeviceAckQueueTests(DeviceSyncFixture fixture) : IClassFixture<DeviceSyncFixture>
{
    private readonly AckPump _pump = new(fixture.App, fixture.ConnectionString);

    [Fact]
    public async Task The_ack_message_the_app_queues_decodes_as_the_trigger_decodes_it_and_is_applied()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Zoë — 東京 🚀"));
        var device = stage.NewDevice();
        var items = await device.DrainAsync();
        Assert.Equal(202, (await device.AckAsync(items.Select(i => i.AckKey))).Status);

        // What the app stored, read raw, decoded as host.json tells the trigger to, goes to the function.
        var stored = await ReceiveOneAsync(TimeSpan.FromSeconds(30));
        var text = QueueTriggerDecoding.Decode(stored.Body.ToString(), QueueTriggerDecoding.MessageEncoding);
        var outcome = await fixture.App.Get<DeviceAckApplier>().ApplyAsync(text, default);

        Assert.Equal(new AckOutcome(false, 1, 0), outcome);
        await _pump.ProcessAsync(stored);
        Assert.Equal(204, (await device.StartAsync()).Status);
    }

    [Fact]
    public async Task Invalid_keys_are_ignored_and_counted_and_the_valid_ones_still_apply()
    {
        var stage = await fixture.NewStageAsync();
        var other = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"), Stage.Record("2", "Bob"));
        await other.WriteAsync(Stage.Record("1", "Eve"));
        var device = stage.NewDevice();
        var items = await device.DrainAsync();
        var foreign = (await other.NewDevice().DrainAsync())[0].AckKey;
        var tampered = items[1].AckKey[..^2] + (items[1].AckKey[^2..] == "AA" ? "AB" : "AA");

        var ack = await device.AckAsync([items[0].AckKey, items[0].AckKey, "Source-976368-1375200190", foreign, tampered, "", 42, null]);

        Assert.Equal(202, ack.Status);
        Assert.Equal(2, ack.Json.GetProperty("data").GetProperty("accepted").GetInt32());
        Assert.Equal(6, ack.Json.GetProperty("data").GetProperty("ignored").GetInt32());
        Assert.Equal(1, await _pump.DrainAsync());
        var next = await device.DrainAsync();
        Assert.Equal(["2"], next.Select(i => i.Id));
    }

    [Fact]
    public async Task Duplicate_and_redelivered_acks_are_harmless()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"), Stage.Record("2", "Bob"));
        var device = stage.NewDevice();
        var items = await device.DrainAsync();

        await device.AckAsync(items.Select(i => i.AckKey));
        await device.AckAsync(items.Select(i => i.AckKey));
        var message = await ReceiveOneAsync(TimeSpan.FromSeconds(30));
        await _pump.Function.Run(AckPump.Decode(message), default); // delivered, applied, but never deleted: the queue delivers it again
        await _pump.Function.Run(AckPump.Decode(message), default);
        await _pump.ProcessAsync(message);
        await _pump.DrainAsync();

        Assert.Equal(204, (await device.StartAsync()).Status);
        await stage.WriteAsync(Stage.Record("2", "Bob v2"));
        Assert.Equal(["2"], (await device.DrainAsync()).Select(i => i.Id));
    }

    [Fact]
    public async Task An_ack_the_watermark_has_passed_is_settled_without_writing()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"));
        var device = stage.NewDevice();
        var items = await device.SyncAsync(_pump);
        Assert.Equal(204, (await device.StartAsync()).Status); // this start moves the watermark over the acked revision

        var feed = stage.Contacts.Feed;
        var message = new AckMessage(stage.EnvironmentId, stage.KeyId, device.Uuid, [new FeedAcks(AckKeyCodec.FeedTag(feed), [items[0].Revision])]);
        var outcome = await fixture.App.Get<DeviceAckApplier>().ApplyAsync(message.ToJson(), default);

        Assert.Equal(new AckOutcome(false, 0, 1), outcome);
        var state = await fixture.App.Get<IDeviceStateStore>().GetAsync(stage.StateOf(device), default);
        Assert.Equal(items[0].Revision, state.Mark(feed).AckedThrough);
        Assert.Empty(await fixture.App.Get<IDeviceStateStore>().ReadAcksAsync(stage.StateOf(device), default));
    }

    [Fact]
    public async Task A_crash_between_dequeue_and_apply_loses_no_ack()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"), Stage.Record("2", "Bob"));
        var device = stage.NewDevice();
        var items = await device.DrainAsync();
        Assert.Equal(202, (await device.AckAsync(items.Select(i => i.AckKey))).Status);

        // The host dequeues the message (hidden for a short visibility timeout) and dies before applying it.
        var lost = await ReceiveOneAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(1, lost.DequeueCount);
        Assert.Equal(2, (await device.DrainAsync()).Count);

        // When the visibility timeout ends the message is back, and the next delivery applies it.
        QueueMessage? again = null;
        for (var attempt = 0; attempt < 100 && again is null; attempt++)
        {
            again = (await _pump.Queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30))).Value.SingleOrDefault();
            if (again is null)
            {
                await Task.Delay(200);
            }
        }

        Assert.NotNull(again);
        Assert.Equal(lost.MessageId, again.MessageId);
        Assert.Equal(2, again.DequeueCount);
        await _pump.ProcessAsync(again);
        Assert.Equal(204, (await device.StartAsync()).Status);
    }

    [Fact]
    public async Task A_message_that_is_not_an_ack_message_is_dropped_not_retried_forever()
    {
        await _pump.Queue.CreateIfNotExistsAsync();
        foreach (var text in new[] { "not json", "{}", """{"environment_id":"e","key_id":"k","device_uuid":"not-a-uuid","feeds":[{"feed":"00","revisions":[1]}]}""", """{"environment_id":"e","key_id":"k","device_uuid":"6f1c3c1e-9d7e-4c55-a1b6-3f5b9f1f0a11","feeds":[{"feed":"00","revisions":[-1]}]}""" })
        {
            await AppQueue.SendMessageAsync(text); // encoded as the app encodes what it sends
            Assert.Equal(new AckOutcome(true, 0, 0), await fixture.App.Get<DeviceAckApplier>().ApplyAsync(text, default));
        }

        Assert.Equal(4, await _pump.DrainAsync());
        Assert.Empty((await _pump.Queue.PeekMessagesAsync(10)).Value);
    }

    private QueueClient AppQueue => fixture.App.Get<StorageClients>().Queues.GetQueueClient(_pump.Queue.Name);

    private async Task<QueueMessage> ReceiveOneAsync(TimeSpan visibility)
    {
        var messages = (await _pump.Queue.ReceiveMessagesAsync(1, visibility)).Value;
        return Assert.Single(messages);
    }
}
