namespace SyncFunctions.Core.RateLimits;

/// <summary>One row per bucket, replaced only with its ETag, so every instance of the app counts into the same row.</summary>
public interface IRateWindowStore
{
    Task<(RateWindow Window, string ETag)?> GetAsync(string bucket, CancellationToken ct);

    /// <summary>False when the row already exists.</summary>
    Task<bool> TryAddAsync(string bucket, RateWindow window, CancellationToken ct);

    /// <summary>False when the row changed since <paramref name="etag"/>.</summary>
    Task<bool> TryReplaceAsync(string bucket, RateWindow window, string etag, CancellationToken ct);
}
