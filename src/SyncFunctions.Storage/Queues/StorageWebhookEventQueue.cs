using SyncFunctions.Core.Webhooks;

namespace SyncFunctions.Storage.Queues;

/// <summary>Which queue webhook events go to: <see cref="QueueNames.WebhookEvents"/> in the app (its trigger's constant); tests use their own.</summary>
public sealed record WebhookEventQueueName(string Value);

/// <summary>Sends webhook events to the Storage queue that <c>DeliverWebhookEvent</c> is triggered by.</summary>
public sealed class StorageWebhookEventQueue(StorageClients clients, WebhookEventQueueName name) : IWebhookEventQueue
{
    private readonly LazyQueue _queue = new(clients, name.Value);

    public Task EnqueueAsync(WebhookEventMessage message, CancellationToken ct) => _queue.SendAsync(message.ToJson(), ct);
}
