using Microsoft.Extensions.Logging;

namespace SyncFunctions.Upstream;

/// <summary>Counts and logs every attempt; sits inside the resilience handler, so retries pass through it too.</summary>
internal sealed class AttemptLoggingHandler(ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var state = UpstreamSendState.Of(request);
        var attempt = state?.NextAttempt() ?? 1;
        var method = state?.Method ?? request.Method.Method;
        // Never request.RequestUri: it carries the api key when auth goes in the query.
        var url = state?.RedactedUrl ?? "(unknown)";
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            UpstreamLog.Answered(logger, method, url, (int)response.StatusCode, attempt);
            return response;
        }
        catch (Exception ex)
        {
            UpstreamLog.Failed(logger, method, url, ex.GetType().Name, attempt);
            throw;
        }
    }
}
