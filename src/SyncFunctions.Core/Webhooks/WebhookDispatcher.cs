using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Webhooks;

/// <summary>Sends one event to one webhook of an environment: subscription check, secret opened only to sign, signed POST.</summary>
public sealed class WebhookDispatcher(IWebhookStore store, WebhookSecrets secrets, IWebhookSender sender, UpstreamAllowList allowList, TimeProvider clock)
{
    /// <param name="deliveryId">Deterministic for the event (the same when an activity retries it), so receivers can drop duplicates.</param>
    /// <returns>False when the webhook does not subscribe to <paramref name="eventName"/> (nothing is sent).</returns>
    /// <exception cref="SyncEngineException">
    /// <see cref="WebhookErrorCodes.NotFound"/> (Config) when the webhook is gone, <see cref="WebhookDeliveryException"/> when the delivery failed.
    /// </exception>
    public async Task<bool> DispatchAsync(string environmentId, string webhookId, string eventName, string deliveryId, JsonObject payload, CancellationToken ct)
    {
        if (!WebhookEvents.IsKnown(eventName))
        {
            throw new ArgumentException($"Unknown webhook event '{eventName}'.", nameof(eventName));
        }

        var webhook = await store.GetAsync(environmentId, webhookId, ct)
            ?? throw new ConfigurationException(WebhookErrorCodes.NotFound, $"The webhook {webhookId} no longer exists.", "webhook_id");
        if (!webhook.Subscribes(eventName))
        {
            return false;
        }

        // The allow-list may have narrowed since the webhook was created.
        if (WebhookRules.CheckUrl(webhook.Url, allowList.Hosts) is { } refusal)
        {
            throw new WebhookDeliveryException(UpstreamErrorKind.Config, WebhookErrorCodes.AddressRefused, $"The webhook {webhookId} cannot be delivered to: {refusal.Message}");
        }

        var now = clock.GetUtcNow();
        var body = WebhookSigner.Envelope(deliveryId, eventName, now, payload);
        var message = WebhookSigner.Sign(new Uri(webhook.Url), eventName, deliveryId, body, secrets.Open(webhook, environmentId), now);
        await sender.SendAsync(message, ct);
        return true;
    }
}
