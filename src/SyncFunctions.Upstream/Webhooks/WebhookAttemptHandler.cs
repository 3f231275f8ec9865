using Microsoft.Extensions.Logging;

namespace SyncFunctions.Upstream.Webhooks;

/// <summary>Counts and logs every attempt; sits inside the resilience handler, so each retry passes through it.</summary>
internal sealed class WebhookAttemptHandler(ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempts = WebhookAttempts.Of(request);
        var attempt = attempts?.Next() ?? 1;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            WebhookLog.Answered(logger, attempts?.DeliveryId ?? "?", attempts?.Target ?? "?", attempt, (int)response.StatusCode);
            return response;
        }
        catch (Exception ex)
        {
            WebhookLog.Failed(logger, attempts?.DeliveryId ?? "?", attempts?.Target ?? "?", attempt, ex.GetType().Name);
            throw;
        }
    }
}
