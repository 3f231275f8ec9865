namespace SyncFunctions.Storage;

/// <summary>Queue names share the table prefix; queues allow lowercase letters, digits and hyphens only.</summary>
public static class QueueNames
{
    /// <summary>
    /// Device acknowledgements. Not prefixed: a queue trigger's queue name is a compile-time
    /// constant, so the queue the app sends to must be this name too.
    /// </summary>
    public const string DeviceAcks = "device-acks";

    /// <summary>Webhook events on their way to delivery; not prefixed, for the same reason.</summary>
    public const string WebhookEvents = "webhook-events";

    public static string For(string prefix, string name) => $"{prefix.ToLowerInvariant()}-{name}";
}
