using Azure.Storage.Queues;
using SyncFunctions.Core.DeviceSync;

namespace SyncFunctions.Storage.Queues;

/// <summary>Which queue acknowledgements go to: <see cref="QueueNames.DeviceAcks"/> in the app (its trigger's constant); tests use their own.</summary>
public sealed record DeviceAckQueueName(string Value);

/// <summary>Sends ack messages to the Storage queue that <c>ApplyDeviceAcks</c> is triggered by; the queue is created once per process.</summary>
public sealed class StorageDeviceAckQueue(StorageClients clients, DeviceAckQueueName name) : IDeviceAckQueue
{
    private Task<QueueClient>? _ready;

    public async Task EnqueueAsync(AckMessage message, CancellationToken ct)
    {
        var queue = await QueueAsync(ct).ConfigureAwait(false);
        await queue.SendMessageAsync(message.ToJson(), ct).ConfigureAwait(false);
    }

    private Task<QueueClient> QueueAsync(CancellationToken ct)
    {
        var ready = _ready;
        if (ready is null || ready.IsFaulted || ready.IsCanceled)
        {
            // A failed creation is not cached: the next request tries again. Two racing creations are harmless.
            ready = _ready = CreateAsync();
        }

        return ready.WaitAsync(ct);
    }

    private async Task<QueueClient> CreateAsync()
    {
        var queue = clients.Queues.GetQueueClient(name.Value);
        await queue.CreateIfNotExistsAsync().ConfigureAwait(false);
        return queue;
    }
}
