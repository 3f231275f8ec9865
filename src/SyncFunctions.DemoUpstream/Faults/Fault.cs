namespace SyncFunctions.DemoUpstream;

public enum FaultKind
{
    /// <summary>Answer with <see cref="Fault.StatusCode"/> and a JSON error body instead of the real response.</summary>
    Status,
    /// <summary>Wait <see cref="Fault.Duration"/>, then answer normally.</summary>
    Delay,
    /// <summary>Never answer: holds the request until the client gives up or the server stops, then drops the connection.</summary>
    Hang,
    /// <summary>Real body with a stray comma after the opening bracket: complete, but not JSON.</summary>
    MalformedJson,
    /// <summary>The first <see cref="Fault.KeepFraction"/> of the real body, with a matching Content-Length.</summary>
    TruncatedJson,
    /// <summary>An HTML error page with <c>text/html</c> and <see cref="Fault.StatusCode"/> (200 by default, like a captive proxy).</summary>
    WrongContentType,
    /// <summary>Every <see cref="Fault.Every"/>-th record of the page (starting with the first) loses its <c>id</c>.</summary>
    RecordsWithoutIds,
}

/// <summary>What goes wrong with one response. Build with the factory methods.</summary>
public sealed record Fault
{
    public FaultKind Kind { get; init; }
    public int StatusCode { get; init; } = 200;

    /// <summary>Sent as <c>Retry-After: &lt;whole seconds&gt;</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Sent as <c>Retry-After: &lt;HTTP-date&gt;</c>.</summary>
    public DateTimeOffset? RetryAfterDate { get; init; }

    public TimeSpan Duration { get; init; }
    public int Every { get; init; } = 2;
    public double KeepFraction { get; init; } = 0.5;

    public static Fault Status(int statusCode, TimeSpan? retryAfter = null) =>
        new() { Kind = FaultKind.Status, StatusCode = statusCode, RetryAfter = retryAfter };

    public static Fault Status(int statusCode, DateTimeOffset retryAfterDate) =>
        new() { Kind = FaultKind.Status, StatusCode = statusCode, RetryAfterDate = retryAfterDate };

    public static Fault TooManyRequests(TimeSpan? retryAfter = null) => Status(429, retryAfter ?? TimeSpan.FromSeconds(1));

    public static Fault Delay(TimeSpan duration) => new() { Kind = FaultKind.Delay, Duration = duration };

    public static Fault Hang() => new() { Kind = FaultKind.Hang };

    public static Fault MalformedJson() => new() { Kind = FaultKind.MalformedJson };

    public static Fault TruncatedJson(double keepFraction = 0.5) =>
        keepFraction is > 0 and < 1
            ? new() { Kind = FaultKind.TruncatedJson, KeepFraction = keepFraction }
            : throw new ArgumentOutOfRangeException(nameof(keepFraction), "Keep part of the body, not all or none of it.");

    public static Fault WrongContentType(int statusCode = 200) => new() { Kind = FaultKind.WrongContentType, StatusCode = statusCode };

    public static Fault RecordsWithoutIds(int every = 2) =>
        every >= 1
            ? new() { Kind = FaultKind.RecordsWithoutIds, Every = every }
            : throw new ArgumentOutOfRangeException(nameof(every));
}
