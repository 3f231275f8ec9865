using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Webhooks;
using SyncFunctions.Storage;

namespace SyncFunctions.Webhooks;

/// <summary>
/// Delivers one queued webhook event (see <see cref="Core.Runs.RunWebhookEvents"/>). A receiver that stays down past
/// the sender's own retries makes this throw, so the host shows the message again after the visibility timeout and,
/// after host.json's <c>maxDequeueCount</c>, moves it to the poison queue. What retrying cannot fix (the webhook was
/// deleted, its address is refused, the receiver rejected the event, the message is not ours) is logged and dropped.
/// </summary>
public sealed partial class DeliverWebhookEventFunction(WebhookDispatcher dispatcher, ILogger<DeliverWebhookEventFunction> logger)
{
    public const string Name = "DeliverWebhookEvent";
    public const string Connection = "AzureWebJobsStorage";

    [Function(Name)]
    public async Task Run([QueueTrigger(QueueNames.WebhookEvents, Connection = Connection)] string message, CancellationToken ct)
    {
        if (WebhookEventMessage.TryParse(message) is not { } e)
        {
            Malformed(logger, message?.Length ?? 0);
            return;
        }

        try
        {
            var sent = await dispatcher.DispatchAsync(e.EnvironmentId, e.WebhookId, e.Event, e.DeliveryId, e.Payload, ct);
            Delivered(logger, e.Event, e.DeliveryId, e.WebhookId, sent);
        }
        catch (SyncEngineException ex) when (ex.Kind == UpstreamErrorKind.Config || ex.Code == WebhookErrorCodes.DeliveryRejected)
        {
            Dropped(logger, e.Event, e.DeliveryId, e.WebhookId, ex.Code);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a queue message that is not a webhook event ({Length} characters).")]
    private static partial void Malformed(ILogger logger, int length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook event {Event} {DeliveryId} to {WebhookId}: sent {Sent}.")]
    private static partial void Delivered(ILogger logger, string @event, string deliveryId, string webhookId, bool sent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook event {Event} {DeliveryId} to {WebhookId} dropped: {Code}.")]
    private static partial void Dropped(ILogger logger, string @event, string deliveryId, string webhookId, string code);
}
