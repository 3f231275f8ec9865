using SyncFunctions.Core.Concurrency;

namespace SyncFunctions.Core.RateLimits;

/// <summary>A bucket's counter for one window (the window's start, in UTC ticks).</summary>
public sealed record RateWindow(long WindowStart, long Count);

/// <param name="Remaining">Requests left in this window after this one.</param>
/// <param name="ResetAt">When the window ends and the count starts again.</param>
public sealed record RateDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt)
{
    /// <summary>Whole seconds until <see cref="ResetAt"/>, at least 1 (the Retry-After value).</summary>
    public int RetryAfterSeconds(DateTimeOffset now) => Math.Max(1, (int)Math.Ceiling((ResetAt - now).TotalSeconds));
}

/// <summary>
/// Fixed-window limits (e.g. Braze's 100 requests a minute per API key). A request is counted with a conditional
/// write; losing the race re-reads and tries again, so concurrent requests never share a count. A refused request is
/// not counted.
/// </summary>
public sealed class FixedWindowRateLimiter(IRateWindowStore store, TimeProvider clock)
{
    public async Task<RateDecision> AcquireAsync(string bucket, int limit, TimeSpan window, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var now = clock.GetUtcNow();
            var start = now.UtcTicks - (now.UtcTicks % window.Ticks);
            var resetAt = new DateTimeOffset(start + window.Ticks, TimeSpan.Zero);
            var current = await store.GetAsync(bucket, ct);
            var count = current is { } c && c.Window.WindowStart == start ? c.Window.Count : 0;
            if (count >= limit)
            {
                return new RateDecision(false, limit, 0, resetAt);
            }

            var counted = new RateWindow(start, count + 1);
            var written = current is { } existing
                ? await store.TryReplaceAsync(bucket, counted, existing.ETag, ct)
                : await store.TryAddAsync(bucket, counted, ct);
            if (written)
            {
                return new RateDecision(true, limit, (int)(limit - counted.Count), resetAt);
            }

            // Lost the race: spread the retries of a burst so they do not collide again in lockstep.
            await Task.Delay(Random.Shared.Next(1, 5 + Math.Min(attempt, 20) * 5), ct);
        }

        throw new ConcurrencyException();
    }
}
