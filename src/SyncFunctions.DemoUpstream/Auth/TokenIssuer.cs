using System.Security.Cryptography;

namespace SyncFunctions.DemoUpstream;

/// <summary>Opaque OAuth access tokens and their expiry; expired ones are forgotten when next seen.</summary>
internal sealed class TokenIssuer(TimeSpan lifetime, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public TimeSpan Lifetime => lifetime;

    public string Issue()
    {
        var token = "demo_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        lock (_gate) _expiries[token] = time.GetUtcNow() + lifetime;
        return token;
    }

    public bool IsValid(string token)
    {
        lock (_gate)
        {
            if (!_expiries.TryGetValue(token, out var expiry)) return false;
            if (time.GetUtcNow() < expiry) return true;
            _expiries.Remove(token);
            return false;
        }
    }
}
