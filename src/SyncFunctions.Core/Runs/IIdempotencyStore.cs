namespace SyncFunctions.Core.Runs;

/// <summary>Keys per environment; rows are added or replaced conditionally.</summary>
public interface IIdempotencyStore
{
    Task<(IdempotentRun Entry, string ETag)?> GetAsync(string environmentId, string key, CancellationToken ct);

    /// <summary>False when the key already has a row.</summary>
    Task<bool> TryAddAsync(string environmentId, string key, IdempotentRun entry, CancellationToken ct);

    /// <summary>False when the row changed since <paramref name="etag"/>.</summary>
    Task<bool> TryReplaceAsync(string environmentId, string key, IdempotentRun entry, string etag, CancellationToken ct);
}
