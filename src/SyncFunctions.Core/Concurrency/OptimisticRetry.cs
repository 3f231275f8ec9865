
namespace SyncFunctions.Core.Concurrency;

/// <summary>
/// Read-modify-write under an ETag, tried again when someone wrote in between. The pause grows and is random, so a
/// burst of writers spreads out instead of colliding again in lockstep; after the last attempt the
/// <see cref="ConcurrencyException"/> reaches the caller (the HTTP layer answers 409 <c>concurrent_update</c>).
/// </summary>
public static class OptimisticRetry
{
    public const int Attempts = 12;

    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken ct, int attempts = Attempts)
    {
        for (var tried = 1; ; tried++)
        {
            try
            {
                return await attempt(ct);
            }
            catch (ConcurrencyException) when (tried < attempts)
            {
                // A real-time pause, not the domain clock: this spaces storage requests, it is not a scheduled time.
                await Task.Delay(Backoff(tried), ct);
            }
        }
    }

    private static TimeSpan Backoff(int tried) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(5, 10 * (1 << Math.Min(tried, 5))));
}
