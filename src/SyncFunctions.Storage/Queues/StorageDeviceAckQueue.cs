using SyncFunctions.Core.DeviceSync;

namespace SyncFunctions.Storage.Queues;

/// <summary>Which queue acknowledgements go to: <see cref="QueueNames.DeviceAcks"/> in the app (its trigger's constant); tests use their own.</summary>
public sealed record DeviceAckQueueName(string Value);

/// <summary>Sends ack messages to the Storage queue that <c>ApplyDeviceAcks</c> is triggered by.</summary>
public sealed class StorageDeviceAckQueue(StorageClients clients, DeviceAckQueueName name) : IDeviceAckQueue
{
    private readonly LazyQueue _queue = new(clients, name.Value);

    public Task EnqueueAsync(AckMessage message, CancellationToken ct) => _queue.SendAsync(message.ToJson(), ct);
}
