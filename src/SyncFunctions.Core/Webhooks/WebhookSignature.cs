using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SyncFunctions.Core.Webhooks;

/// <summary>The outcome of <see cref="WebhookSignature.Verify"/>.</summary>
public enum WebhookVerification
{
    Valid,

    /// <summary>No signature header, or one without <c>t=</c> and <c>v1=</c>.</summary>
    Malformed,

    /// <summary>No <c>v1</c> signature matches: the body was altered, or it was signed with another secret.</summary>
    Mismatch,

    /// <summary>Authentic, but signed longer ago (or further ahead) than the tolerance: possibly a replay.</summary>
    Stale,
}

/// <summary>
/// The signature scheme of webhook deliveries: <c>X-SyncFunctions-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where
/// the hex is HMAC-SHA256, keyed with the secret's UTF-8 bytes (<c>whsec_</c> prefix included), over
/// <c>"{t}.{body}"</c>. Signing the timestamp with the body lets receivers refuse replays of old deliveries.
/// </summary>
public static class WebhookSignature
{
    public const string Version = "v1";

    /// <summary>A receiver's usual window for the signed timestamp.</summary>
    public static TimeSpan DefaultTolerance { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Lower-case hex HMAC-SHA256 over <c>"{timestamp}.{body}"</c>.</summary>
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body) => Convert.ToHexStringLower(Mac(secret, timestamp, body));

    public static string Header(long timestamp, string signature) =>
        $"t={timestamp.ToString(CultureInfo.InvariantCulture)},{Version}={signature}";

    /// <summary>
    /// Reads <c>t=…,v1=…</c>. Several <c>v1</c> entries are allowed (a sender rotating secrets signs with both);
    /// unknown keys are skipped, so a later scheme can be added beside v1.
    /// </summary>
    public static bool TryParse(string? header, out long timestamp, out IReadOnlyList<string> signatures)
    {
        timestamp = 0;
        signatures = [];
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        long? t = null;
        var v1 = new List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }

            var key = part[..eq];
            var value = part[(eq + 1)..];
            if (key == "t")
            {
                if (t is not null || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return false;
                }

                t = parsed;
            }
            else if (key == Version)
            {
                v1.Add(value);
            }
        }

        if (t is null || v1.Count == 0)
        {
            return false;
        }

        timestamp = t.Value;
        signatures = v1;
        return true;
    }

    /// <summary>Checks a delivery as a receiver does: the signature over the raw body bytes first, then the timestamp's age.</summary>
    public static WebhookVerification Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!TryParse(header, out var timestamp, out var signatures))
        {
            return WebhookVerification.Malformed;
        }

        var expected = Mac(secret, timestamp, body);
        var matched = false;
        foreach (var candidate in signatures)
        {
            // Every candidate is compared, in constant time, so timing tells nothing about which one matched or how far.
            matched |= candidate.Length == expected.Length * 2
                && candidate.All(char.IsAsciiHexDigit)
                && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(candidate), expected);
        }

        if (!matched)
        {
            return WebhookVerification.Mismatch;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(timestamp, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        return age.Duration() > tolerance ? WebhookVerification.Stale : WebhookVerification.Valid;
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
