using System.Net;

namespace SyncFunctions.Upstream;

/// <summary>How the upstream adapter retries, times out, limits and guards its calls. Defaults suit production; tests shrink the waits.</summary>
public sealed record UpstreamClientOptions
{
    /// <summary>
    /// Host names, IPs or CIDRs that may be called although they are loopback, private or link-local
    /// (e.g. <c>127.0.0.1</c> for a local test server). Everything public is allowed without an entry.
    /// </summary>
    public IReadOnlySet<string> AllowedHosts { get; init; } = new HashSet<string>();

    /// <summary>Retries after the first attempt on 408, 429, 500, 502, 503, 504, timeouts and connection failures.</summary>
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>First backoff delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on a computed backoff delay.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest <c>Retry-After</c> waited out in process. A longer one ends the call at once with
    /// <see cref="Core.Engine.UpstreamUnavailableException.RetryAfter"/> set, so the orchestration can wait on a durable timer instead.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>One attempt, from sending to the last byte of the body.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole call: rate-limit waits, attempts and retry delays.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Largest (decompressed) body read; a larger one is a data error, not a retry.</summary>
    public long MaxResponseBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>Redirects followed per call, each checked against the SSRF policy.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>An OAuth token is refreshed this long before it expires (at most a tenth of its lifetime).</summary>
    public TimeSpan TokenRefreshMargin { get; init; } = TimeSpan.FromSeconds(60);

    public string UserAgent { get; init; } = "SyncFunctions/1.0";

    /// <summary>Name resolution for the connect-time SSRF check; tests point host names at loopback with it.</summary>
    internal Func<string, CancellationToken, Task<IPAddress[]>> ResolveHost { get; init; } = Dns.GetHostAddressesAsync;

    /// <summary>This machine's addresses, refused at connect time unless allow-listed; tests stand in their own.</summary>
    internal Func<IReadOnlySet<IPAddress>> LocalAddresses { get; init; } = MachineAddresses.Current;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(AllowedHosts);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetryAttempts);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBaseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryBaseDelay);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryAfter, TimeSpan.Zero);
        // Polly's timeout strategy takes 10 ms to 24 h.
        ArgumentOutOfRangeException.ThrowIfLessThan(AttemptTimeout, TimeSpan.FromMilliseconds(20));
        ArgumentOutOfRangeException.ThrowIfLessThan(TotalTimeout, AttemptTimeout);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxResponseBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRedirects);
        ArgumentOutOfRangeException.ThrowIfLessThan(TokenRefreshMargin, TimeSpan.Zero);
    }
}
