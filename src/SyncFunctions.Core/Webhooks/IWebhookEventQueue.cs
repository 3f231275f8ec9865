namespace SyncFunctions.Core.Webhooks;

public interface IWebhookEventQueue
{
    Task EnqueueAsync(WebhookEventMessage message, CancellationToken ct);
}
