namespace SyncFunctions.Upstream.Webhooks;

/// <summary>One delivery's attempt count and log-safe names, riding on the request's options so every retry finds them.</summary>
internal sealed class WebhookAttempts(string deliveryId, string target)
{
    private static readonly HttpRequestOptionsKey<WebhookAttempts> Key = new("SyncFunctions.Webhooks.Attempts");
    private int _count;

    public string DeliveryId { get; } = deliveryId;

    /// <summary>Scheme and authority only: webhook paths and queries often carry tokens of their own.</summary>
    public string Target { get; } = target;

    public int Count => Volatile.Read(ref _count);

    public int Next() => Interlocked.Increment(ref _count);

    public void AttachTo(HttpRequestMessage request) => request.Options.Set(Key, this);

    public static WebhookAttempts? Of(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(Key, out var attempts) ? attempts : null;
}
