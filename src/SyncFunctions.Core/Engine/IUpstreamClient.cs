using System.Text.Json.Nodes;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Engine;

/// <summary>
/// The port through which the engine calls upstream APIs. The adapter owns everything that needs a network: auth
/// (including OAuth token exchange), retries that honour <c>Retry-After</c>, rate limiting, SSRF checks at connect
/// time, size limits and JSON parsing.
/// </summary>
public interface IUpstreamClient
{
    /// <summary>Sends <paramref name="call"/>; returns only a 2xx answer with a JSON body.</summary>
    /// <exception cref="SyncEngineException">
    /// Every other outcome, with the <see cref="UpstreamErrorKind"/> the run branches on: <see cref="UpstreamErrorKind.Auth"/> for
    /// 401/403 or a refused token request, <see cref="UpstreamErrorKind.Transient"/> (<see cref="UpstreamUnavailableException"/>)
    /// once retries are exhausted, <see cref="UpstreamErrorKind.Data"/> for an answer that is not usable JSON,
    /// <see cref="UpstreamErrorKind.Config"/> for a request the upstream rejects or an address the SSRF policy refuses.
    /// </exception>
    Task<UpstreamResponse> SendAsync(UpstreamCall call, CancellationToken cancellationToken);
}

/// <summary>One request and what the adapter needs to send it.</summary>
/// <param name="Request">Rendered, without credentials (<see cref="Auth"/> supplies them).</param>
/// <param name="RateLimitKey">Calls sharing a key share one budget of <paramref name="RequestsPerSecond"/> (per integrated account).</param>
/// <param name="RequestsPerSecond">Null: no limit of our own (the upstream's 429s still slow us down).</param>
/// <param name="OnRetry">Told before each in-process retry wait, so the run can show <c>rate_limited</c> while a 429 is waited out.</param>
/// <param name="SingleRecord">A <c>get</c> of one record: a 404/410 then means that record is gone (Data), not a wrong request (Config).</param>
public sealed record UpstreamCall(
    UpstreamRequest Request,
    UpstreamAuthContext Auth,
    string RateLimitKey,
    double? RequestsPerSecond,
    Action<UpstreamRetry>? OnRetry = null,
    bool SingleRecord = false);

/// <summary>How to authenticate a call.</summary>
/// <param name="Definition">The integration's auth; null means none.</param>
/// <param name="Credentials">The integrated account's decrypted credentials.</param>
/// <param name="BaseUrl">The rendered base URL, against which a relative <c>token_url</c> resolves.</param>
/// <param name="CacheKey">Scope of a cached OAuth token, e.g. environment and account id; never a secret.</param>
public sealed record UpstreamAuthContext(
    AuthDefinition? Definition,
    IReadOnlyDictionary<string, string> Credentials,
    Uri BaseUrl,
    string CacheKey)
{
    public static UpstreamAuthContext None(Uri baseUrl) => new(null, new Dictionary<string, string>(), baseUrl, "");

    // Records print every member; credentials must never reach a log line through string interpolation.
    public override string ToString() => $"UpstreamAuthContext {{ Type = {Definition?.Type ?? "none"}, CacheKey = {CacheKey} }}";
}

/// <summary>A successful upstream answer.</summary>
/// <param name="Headers">Response and content headers, case-insensitive; repeated headers joined with ", ". Our secrets are masked.</param>
/// <param name="Body">The parsed JSON; null for 204/205 or a JSON <c>null</c>.</param>
/// <param name="FinalUrl">The URL that answered (after redirects), without the auth query parameter; relative next links resolve against it.</param>
public sealed record UpstreamResponse(int Status, IReadOnlyDictionary<string, string> Headers, JsonNode? Body, Uri FinalUrl);

/// <summary>One in-process retry about to happen.</summary>
/// <param name="Attempt">The 1-based attempt that just failed.</param>
/// <param name="Delay">How long the adapter waits before the next attempt (the upstream's <c>Retry-After</c> when it sent one).</param>
/// <param name="Status">The failed attempt's HTTP status; null for a timeout or connection failure.</param>
/// <param name="RateLimited">The upstream answered 429.</param>
public sealed record UpstreamRetry(int Attempt, TimeSpan Delay, int? Status, bool RateLimited);

/// <summary>
/// The upstream stayed unavailable (429, 5xx, timeouts, connection failures) after the adapter's retries. The
/// orchestration may retry later with a durable timer; <see cref="RetryAfter"/> is the upstream's last word on when.
/// </summary>
public sealed class UpstreamUnavailableException(string message, int? status, TimeSpan? retryAfter, Exception? inner = null)
    : SyncEngineException(UpstreamErrorKind.Transient, EngineErrorCodes.UpstreamUnavailable, message, null, inner)
{
    /// <summary>The last attempt's status; null for a timeout or connection failure.</summary>
    public int? Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
