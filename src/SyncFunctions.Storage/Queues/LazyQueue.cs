using Azure.Storage.Queues;

namespace SyncFunctions.Storage.Queues;

/// <summary>A Storage queue created on first use, once per process; a failed creation is tried again by the next caller.</summary>
public sealed class LazyQueue(StorageClients clients, string name)
{
    private Task<QueueClient>? _ready;

    public async Task SendAsync(string text, CancellationToken ct)
    {
        var queue = await QueueAsync(ct).ConfigureAwait(false);
        await queue.SendMessageAsync(text, ct).ConfigureAwait(false);
    }

    private Task<QueueClient> QueueAsync(CancellationToken ct)
    {
        var ready = _ready;
        if (ready is null || ready.IsFaulted || ready.IsCanceled)
        {
            // Two racing creations are harmless: CreateIfNotExists is idempotent.
            ready = _ready = CreateAsync();
        }

        return ready.WaitAsync(ct);
    }

    private async Task<QueueClient> CreateAsync()
    {
        var queue = clients.Queues.GetQueueClient(name);
        await queue.CreateIfNotExistsAsync().ConfigureAwait(false);
        return queue;
    }
}
