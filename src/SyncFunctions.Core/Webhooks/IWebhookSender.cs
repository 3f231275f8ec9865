using SyncFunctions.Core.Engine;

namespace SyncFunctions.Core.Webhooks;

/// <summary>
/// The port through which the hub POSTs signed deliveries. The adapter owns the network: retries with backoff that
/// honour <c>Retry-After</c>, time limits, and the SSRF check on every address it connects to.
/// </summary>
public interface IWebhookSender
{
    /// <summary>Returns once the receiver answered 2xx.</summary>
    /// <exception cref="WebhookDeliveryException">Any other outcome, once retrying is over.</exception>
    Task SendAsync(WebhookMessage message, CancellationToken ct);
}

/// <summary>Stable codes of webhook failures (stored with runs and errors, so never rename one).</summary>
public static class WebhookErrorCodes
{
    /// <summary>The receiver kept failing (408, 429, 5xx, timeouts, connection errors) until the retries ran out.</summary>
    public const string DeliveryFailed = "webhook_delivery_failed";

    /// <summary>The receiver refused the delivery with a 4xx other than 408/429, or a redirect; retrying the same request cannot help.</summary>
    public const string DeliveryRejected = "webhook_delivery_rejected";

    /// <summary>The target is, or resolves to, an address the SSRF policy refuses, or its URL no longer passes the rules.</summary>
    public const string AddressRefused = "webhook_address_refused";

    /// <summary>The webhook a run or event names does not exist (any more) in the environment.</summary>
    public const string NotFound = "webhook_not_found";
}

/// <summary>A delivery that did not succeed. The message names the status and the target without its query, never the secret.</summary>
public sealed class WebhookDeliveryException(UpstreamErrorKind kind, string code, string message, int? status = null, int attempts = 0, TimeSpan? retryAfter = null, Exception? inner = null)
    : SyncEngineException(kind, code, message, "webhook_id", inner)
{
    /// <summary>The receiver's last status; null for a timeout, connection failure or refused address.</summary>
    public int? Status { get; } = status;

    public int Attempts { get; } = attempts;

    /// <summary>The receiver's last <c>Retry-After</c>, when it asked for a longer wait than the sender sits through.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
