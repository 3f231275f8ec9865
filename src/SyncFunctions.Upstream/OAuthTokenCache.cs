using System.Collections.Concurrent;
using SyncFunctions.Core.Engine.Auth;

namespace SyncFunctions.Upstream;

/// <summary>
/// Access tokens per cache key, kept until shortly before they expire. One fetch per key at a time, so a burst of
/// calls for one account shares one token request.
/// </summary>
internal sealed class OAuthTokenCache(TimeProvider time, TimeSpan refreshMargin)
{
    // Servers that do not say how long a token lives: use it for a while, and the 401 path covers an earlier expiry.
    private static readonly TimeSpan UnknownLifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>A valid token for <paramref name="key"/>, and whether it came from the cache (so a 401 may mean it went stale).</summary>
    public async Task<(string Token, bool Cached)> GetAsync(string key, Func<CancellationToken, Task<OAuthToken>> fetch, CancellationToken cancellationToken)
    {
        if (TryGetFresh(key) is { } cached)
        {
            return (cached, true);
        }
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (TryGetFresh(key) is { } fetchedMeanwhile)
            {
                return (fetchedMeanwhile, true);
            }
            var token = await fetch(cancellationToken);
            var lifetime = token.ExpiresIn ?? UnknownLifetime;
            var margin = TimeSpan.FromTicks(Math.Min(refreshMargin.Ticks, lifetime.Ticks / 10));
            _tokens[key] = new CachedToken(token.AccessToken, time.GetUtcNow() + lifetime - margin);
            return (token.AccessToken, false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="token"/> if it is still the cached one (another caller may have replaced it already).</summary>
    public void Invalidate(string key, string token)
    {
        if (_tokens.TryGetValue(key, out var cached) && cached.Token == token)
        {
            _tokens.TryRemove(KeyValuePair.Create(key, cached));
        }
    }

    private string? TryGetFresh(string key) =>
        _tokens.TryGetValue(key, out var cached) && time.GetUtcNow() < cached.RefreshAt ? cached.Token : null;

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt)
    {
        public override string ToString() => $"CachedToken {{ RefreshAt = {RefreshAt:O} }}";
    }
}
