using SyncFunctions.Core.Engine;

namespace SyncFunctions.Upstream;

/// <summary>
/// What the handlers and resilience strategies need to know about the call a request belongs to. It rides on
/// <see cref="HttpRequestMessage.Options"/>, which the resilience handler also puts in the Polly context, so the
/// retry, rate-limit and logging steps find it for every attempt.
/// </summary>
internal sealed class UpstreamSendState(string method, string redactedUrl, string rateLimitKey, double? requestsPerSecond, Action<UpstreamRetry>? onRetry)
{
    private static readonly HttpRequestOptionsKey<UpstreamSendState> Key = new("SyncFunctions.Upstream.SendState");
    private int _attempts;

    public string Method { get; } = method;

    /// <summary>Safe to log: auth parameters and secret values masked.</summary>
    public string RedactedUrl { get; } = redactedUrl;

    public string RateLimitKey { get; } = rateLimitKey;

    public double? RequestsPerSecond { get; } = requestsPerSecond;

    public int Attempts => Volatile.Read(ref _attempts);

    public int NextAttempt() => Interlocked.Increment(ref _attempts);

    public void ReportRetry(UpstreamRetry retry) => onRetry?.Invoke(retry);

    public void AttachTo(HttpRequestMessage request) => request.Options.Set(Key, this);

    public static UpstreamSendState? Of(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(Key, out var state) ? state : null;
}
