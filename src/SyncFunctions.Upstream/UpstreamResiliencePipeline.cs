using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.RateLimiting;
using Polly.Timeout;
using SyncFunctions.Core.Engine;

namespace SyncFunctions.Upstream;

/// <summary>
/// The strategies every upstream request goes through, outermost first: total timeout, retry (exponential backoff
/// with jitter, <c>Retry-After</c> honoured up to a cap), our own rate limit (so retries spend the budget too), and
/// the per-attempt timeout.
/// </summary>
internal static class UpstreamResiliencePipeline
{
    private static readonly HashSet<HttpStatusCode> RetriedStatuses =
    [
        HttpStatusCode.RequestTimeout,
        HttpStatusCode.TooManyRequests,
        HttpStatusCode.InternalServerError,
        HttpStatusCode.BadGateway,
        HttpStatusCode.ServiceUnavailable,
        HttpStatusCode.GatewayTimeout,
    ];

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, UpstreamClientOptions options, UpstreamRateLimiter limiter, ILogger logger)
    {
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total", Timeout = options.TotalTimeout });
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(RetryOptions(options, logger));
        }
        builder.AddRateLimiter(new RateLimiterStrategyOptions
        {
            Name = "requests_per_second",
            RateLimiter = args => limiter.AcquireAsync(UpstreamSendState.Of(args.Context.GetRequestMessage()), args.Context.CancellationToken),
        });
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = options.AttemptTimeout });
    }

    private static HttpRetryStrategyOptions RetryOptions(UpstreamClientOptions options, ILogger logger) => new()
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
            var state = UpstreamSendState.Of(args.Context.GetRequestMessage());
            int? status = args.Outcome.Result is { } response ? (int)response.StatusCode : null;
            UpstreamLog.Retrying(logger, state?.Method ?? "?", state?.RedactedUrl ?? "(unknown)", (long)args.RetryDelay.TotalMilliseconds,
                args.AttemptNumber + 1, status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? args.Outcome.Exception?.GetType().Name ?? "?");
            state?.ReportRetry(new UpstreamRetry(args.AttemptNumber + 1, args.RetryDelay, status, status == 429));
            return ValueTask.CompletedTask;
        },
    };

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter) => outcome.Exception switch
    {
        null => outcome.Result is { } response
            && RetriedStatuses.Contains(response.StatusCode)
            // A longer wait than we will sit through in process goes back to the orchestration instead.
            && !(RetryAfterHeader.Read(response, TimeProvider.System) > maxRetryAfter),
        HttpRequestException ex => !IsRefusedAddress(ex),
        TimeoutRejectedException => true,
        _ => false,
    };

    internal static bool IsRefusedAddress(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is AddressRefusedException)
            {
                return true;
            }
        }
        return false;
    }
}
