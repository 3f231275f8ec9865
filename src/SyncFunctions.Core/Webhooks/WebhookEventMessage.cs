using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Json;

namespace SyncFunctions.Core.Webhooks;

/// <summary>
/// One event for one webhook, on its way from whoever saw the run change to the queue-triggered function that
/// delivers it. The payload is a snapshot taken when the event happened, so a late delivery still tells the truth
/// about that moment.
/// </summary>
public sealed record WebhookEventMessage(string EnvironmentId, string WebhookId, string Event, string DeliveryId, JsonObject Payload)
{
    /// <summary>Queue messages are at most 64 KB after Base64; payloads above this are split by their producer.</summary>
    public const int MaxJsonBytes = 40 * 1024;

    public string ToJson() => JsonSerializer.Serialize(this, WireJson.Tolerant);

    /// <summary>The message, or null when it is not one of ours (a poison message: retrying cannot help).</summary>
    public static WebhookEventMessage? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var message = JsonSerializer.Deserialize<WebhookEventMessage>(text, WireJson.Tolerant);
            return message is { EnvironmentId.Length: > 0, WebhookId.Length: > 0, DeliveryId.Length: > 0, Payload: not null }
                && WebhookEvents.IsKnown(message.Event)
                ? message
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
