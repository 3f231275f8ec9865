using System.Text.Json.Nodes;

namespace SyncFunctions.Core.Webhooks;

/// <summary>The request headers of a delivery.</summary>
public static class WebhookHeaders
{
    public const string Event = "X-SyncFunctions-Event";

    /// <summary>The delivery id, the same on every retry of one delivery, so receivers can drop duplicates.</summary>
    public const string Delivery = "X-SyncFunctions-Delivery";

    public const string Timestamp = "X-SyncFunctions-Timestamp";
    public const string Signature = "X-SyncFunctions-Signature";
}

/// <summary>A signed delivery, ready to POST as <c>application/json</c>.</summary>
public sealed record WebhookMessage(Uri Url, string EventName, string DeliveryId, byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public override string ToString() => $"WebhookMessage {{ Event = {EventName}, Delivery = {DeliveryId}, Bytes = {Body.Length} }}";
}

/// <summary>Builds the envelope of a delivery and signs it (see <see cref="WebhookSignature"/> for the scheme).</summary>
public static class WebhookSigner
{
    public const int MaxDeliveryIdLength = 200;

    /// <summary>
    /// The envelope: <c>{"id": delivery id, "event": …, "created_at": …, "payload": {…}}</c>, snake_case like the API,
    /// without internal ids beyond those the payload names.
    /// </summary>
    public static byte[] Envelope(string deliveryId, string eventName, DateTimeOffset createdAt, JsonObject payload)
    {
        var envelope = new JsonObject
        {
            ["id"] = deliveryId,
            ["event"] = eventName,
            ["created_at"] = createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["payload"] = payload,
        };
        return System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }

    public static WebhookMessage Sign(Uri url, string eventName, string deliveryId, byte[] body, string secret, DateTimeOffset now)
    {
        if (deliveryId.Length is 0 or > MaxDeliveryIdLength || deliveryId.Any(c => char.IsControl(c) || c > '~'))
        {
            throw new ArgumentException("A delivery id is 1-200 printable ASCII characters.", nameof(deliveryId));
        }

        var timestamp = now.ToUnixTimeSeconds();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [WebhookHeaders.Event] = eventName,
            [WebhookHeaders.Delivery] = deliveryId,
            [WebhookHeaders.Timestamp] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [WebhookHeaders.Signature] = WebhookSignature.Header(timestamp, WebhookSignature.Compute(secret, timestamp, body)),
        };
        return new WebhookMessage(url, eventName, deliveryId, body, headers);
    }
}
