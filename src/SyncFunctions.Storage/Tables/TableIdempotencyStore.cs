using SyncFunctions.Core.Runs;

namespace SyncFunctions.Storage.Tables;

/// <summary>Idempotency keys: partition = environment, row = SHA-256 of the caller's key (any text, fixed length, no key characters to escape).</summary>
public sealed class TableIdempotencyStore(TableStore tables) : IIdempotencyStore
{
    private const string Table = TableLayout.Idempotency.Name;

    public async Task<(IdempotentRun Entry, string ETag)?> GetAsync(string environmentId, string key, CancellationToken ct) =>
        await ConditionalRows.GetAsync<IdempotentRun>(tables, Table, environmentId, TableLayout.Idempotency.Row(key), ct).ConfigureAwait(false) is { } r ? (r.Value, r.ETag) : null;

    public Task<bool> TryAddAsync(string environmentId, string key, IdempotentRun entry, CancellationToken ct) =>
        ConditionalRows.TryAddAsync(tables, Table, environmentId, TableLayout.Idempotency.Row(key), entry, ct);

    public Task<bool> TryReplaceAsync(string environmentId, string key, IdempotentRun entry, string etag, CancellationToken ct) =>
        ConditionalRows.TryReplaceAsync(tables, Table, environmentId, TableLayout.Idempotency.Row(key), entry, etag, ct);
}
