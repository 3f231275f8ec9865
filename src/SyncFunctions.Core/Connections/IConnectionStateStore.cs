namespace SyncFunctions.Core.Connections;

/// <summary>One row per environment and account, replaced only with its ETag.</summary>
public interface IConnectionStateStore
{
    Task<(ConnectionState State, string ETag)?> GetAsync(string environmentId, string accountId, CancellationToken ct);

    /// <summary>The states of these accounts that exist.</summary>
    Task<IReadOnlyDictionary<string, ConnectionState>> GetManyAsync(string environmentId, IReadOnlyCollection<string> accountIds, CancellationToken ct);

    Task<bool> TryAddAsync(string environmentId, string accountId, ConnectionState state, CancellationToken ct);

    Task<bool> TryReplaceAsync(string environmentId, string accountId, ConnectionState state, string etag, CancellationToken ct);
}
