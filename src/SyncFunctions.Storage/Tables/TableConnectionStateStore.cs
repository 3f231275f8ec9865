using SyncFunctions.Core.Connections;

namespace SyncFunctions.Storage.Tables;

/// <summary>Connection states: partition = environment, row = account id.</summary>
public sealed class TableConnectionStateStore(TableStore tables) : IConnectionStateStore
{
    private const string Table = TableLayout.Connections.Name;

    public async Task<(ConnectionState State, string ETag)?> GetAsync(string environmentId, string accountId, CancellationToken ct) =>
        await ConditionalRows.GetAsync<ConnectionState>(tables, Table, environmentId, accountId, ct).ConfigureAwait(false) is { } r ? (r.Value, r.ETag) : null;

    // A page of accounts is at most 200: point reads in parallel beat a partition scan.
    public async Task<IReadOnlyDictionary<string, ConnectionState>> GetManyAsync(string environmentId, IReadOnlyCollection<string> accountIds, CancellationToken ct)
    {
        var reads = await Task.WhenAll(accountIds.Distinct().Select(async id => (id, await EntityRows.FindAsync(tables, Table, environmentId, id, ct).ConfigureAwait(false)))).ConfigureAwait(false);
        return reads.Where(r => r.Item2 is not null).ToDictionary(r => r.id, r => EntityDocuments.Read<ConnectionState>(r.Item2!), StringComparer.Ordinal);
    }

    public Task<bool> TryAddAsync(string environmentId, string accountId, ConnectionState state, CancellationToken ct) =>
        ConditionalRows.TryAddAsync(tables, Table, environmentId, accountId, state, ct);

    public Task<bool> TryReplaceAsync(string environmentId, string accountId, ConnectionState state, string etag, CancellationToken ct) =>
        ConditionalRows.TryReplaceAsync(tables, Table, environmentId, accountId, state, etag, ct);
}
