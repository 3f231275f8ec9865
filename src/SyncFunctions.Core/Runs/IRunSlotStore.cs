namespace SyncFunctions.Core.Runs;

/// <summary>One row per environment, sync job and account, replaced only with its ETag.</summary>
public interface IRunSlotStore
{
    Task<(RunSlot Slot, string ETag)?> GetAsync(string environmentId, string syncJobId, string accountId, CancellationToken ct);

    /// <summary>False when the row already exists.</summary>
    Task<bool> TryAddAsync(string environmentId, string syncJobId, string accountId, RunSlot slot, CancellationToken ct);

    /// <summary>False when the row changed since <paramref name="etag"/>.</summary>
    Task<bool> TryReplaceAsync(string environmentId, string syncJobId, string accountId, RunSlot slot, string etag, CancellationToken ct);
}
