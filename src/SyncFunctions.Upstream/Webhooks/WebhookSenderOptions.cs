using System.Net;

namespace SyncFunctions.Upstream.Webhooks;

/// <summary>How webhook deliveries are retried, timed out and guarded. Defaults suit production; tests shrink the waits.</summary>
public sealed record WebhookSenderOptions
{
    /// <summary>Hosts, IPs or CIDRs that may be delivered to although loopback or private, and over plain http.</summary>
    public IReadOnlySet<string> AllowedHosts { get; init; } = new HashSet<string>();

    /// <summary>Retries after the first attempt on 408, 429, 5xx, timeouts and connection failures.</summary>
    public int MaxRetryAttempts { get; init; } = 5;

    /// <summary>First backoff delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>Retry-After</c> waited out; a receiver asking for longer fails the delivery at once, with the wait reported.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The whole delivery, retries included. A delivery is signed once, so this also bounds how old its timestamp is
    /// on the last attempt: keep it well inside receivers' tolerance (<see cref="Core.Webhooks.WebhookSignature.DefaultTolerance"/>).
    /// </summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public string UserAgent { get; init; } = "SyncFunctions-Webhooks/1.0";

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
    }
}
