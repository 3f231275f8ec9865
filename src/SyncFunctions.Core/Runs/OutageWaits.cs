namespace SyncFunctions.Core.Runs;

/// <summary>
/// A page whose upstream stays unreachable after the request's own retries (connection refused, timeouts, 5xx, 429)
/// is tried again after durable waits (no worker held while waiting): <see cref="Retries"/> more times, the first
/// after <see cref="FirstWaitSeconds"/>, each wait twice the last. Only then does the page count as failed. The
/// defaults ride out about 7.5 minutes (15 + 30 + 60 + 120 + 240 s).
/// </summary>
public sealed record OutageWaits(int Retries, int FirstWaitSeconds)
{
    public static OutageWaits Default { get; } = new(5, 15);

    /// <summary>The wait before retry <paramref name="attempt"/> (0 for the first).</summary>
    public TimeSpan WaitBefore(int attempt) => TimeSpan.FromSeconds(FirstWaitSeconds * Math.Pow(2, Math.Min(attempt, 16)));
}
