using Microsoft.Extensions.Logging;

namespace SyncFunctions.Upstream;

/// <summary>The adapter's log lines. Every URL passed here is already redacted.</summary>
internal static partial class UpstreamLog
{
    public const string Category = "SyncFunctions.Upstream";

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Upstream {Method} {Url} answered {Status} (attempt {Attempt})")]
    public static partial void Answered(ILogger logger, string method, string url, int status, int attempt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Upstream {Method} {Url} failed with {Error} (attempt {Attempt})")]
    public static partial void Failed(ILogger logger, string method, string url, string error, int attempt);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Upstream {Method} {Url}: retrying in {DelayMs} ms after attempt {Attempt} ({Status})")]
    public static partial void Retrying(ILogger logger, string method, string url, long delayMs, int attempt, string status);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Upstream OAuth token for {CacheKey} fetched from {Url}, valid for {Seconds} s")]
    public static partial void TokenFetched(ILogger logger, string cacheKey, string url, long seconds);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Upstream {Method} {Url}: cached OAuth token rejected with 401, fetching a new one")]
    public static partial void TokenRejected(ILogger logger, string method, string url);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Upstream {Method} {Url}: following a {Status} redirect to {Location}")]
    public static partial void Redirecting(ILogger logger, string method, string url, int status, string location);
}
