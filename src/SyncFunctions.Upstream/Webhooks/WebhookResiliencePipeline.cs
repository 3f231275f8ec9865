using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace SyncFunctions.Upstream.Webhooks;

/// <summary>
/// Every delivery goes through, outermost first: the total time limit, retries (exponential backoff with jitter,
/// <c>Retry-After</c> honoured up to a cap) and the per-attempt time limit.
/// </summary>
internal static class WebhookResiliencePipeline
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, WebhookSenderOptions options, ILogger logger)
    {
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total", Timeout = options.TotalTimeout });
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options.MaxRetryAfter)),
                OnRetry = args =>
                {
                    var attempts = WebhookAttempts.Of(args.Context.GetRequestMessage());
                    var status = args.Outcome.Result is { } response
                        ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : args.Outcome.Exception?.GetType().Name ?? "?";
                    WebhookLog.Retrying(logger, attempts?.DeliveryId ?? "?", attempts?.Target ?? "?", (long)args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1, status);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = options.AttemptTimeout });
    }

    /// <summary>408, 429 and 5xx answers, timeouts and connection failures; never a refused address.</summary>
    public static bool IsRetriedStatus(int status) => status is 408 or 429 or >= 500;

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter) => outcome.Exception switch
    {
        null => outcome.Result is { } response
            && IsRetriedStatus((int)response.StatusCode)
            // A receiver that asks for a longer pause than we sit through fails the delivery now, saying how long it asked for.
            && !(RetryAfterHeader.Read(response, TimeProvider.System) > maxRetryAfter),
        HttpRequestException ex => !UpstreamResiliencePipeline.IsRefusedAddress(ex),
        TimeoutRejectedException => true,
        _ => false,
    };
}
