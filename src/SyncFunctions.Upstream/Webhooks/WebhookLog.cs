using Microsoft.Extensions.Logging;

namespace SyncFunctions.Upstream.Webhooks;

/// <summary>The webhook sender's log lines: target (scheme and host only), delivery id and status; never a header or the body.</summary>
internal static partial class WebhookLog
{
    public const string Category = "SyncFunctions.Webhooks";

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Webhook delivery {DeliveryId} to {Target}: attempt {Attempt} answered {Status}")]
    public static partial void Answered(ILogger logger, string deliveryId, string target, int attempt, int status);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Webhook delivery {DeliveryId} to {Target}: attempt {Attempt} failed with {Error}")]
    public static partial void Failed(ILogger logger, string deliveryId, string target, int attempt, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Webhook delivery {DeliveryId} to {Target}: retrying in {DelayMs} ms after attempt {Attempt} ({Status})")]
    public static partial void Retrying(ILogger logger, string deliveryId, string target, long delayMs, int attempt, string status);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to {Target} failed: {Code} after {Attempts} attempt(s)")]
    public static partial void GaveUp(ILogger logger, string deliveryId, string target, string code, int attempts);
}
