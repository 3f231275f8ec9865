using SyncFunctions.Core.RateLimits;

namespace SyncFunctions.Storage.Tables;

/// <summary>Rate windows: one row per bucket (partition = row = the bucket, key-encoded), so a bucket's row is never contended by another's.</summary>
public sealed class TableRateWindowStore(TableStore tables) : IRateWindowStore
{
    private const string Table = TableNames.RateWindows;

    public async Task<(RateWindow Window, string ETag)?> GetAsync(string bucket, CancellationToken ct) =>
        await ConditionalRows.GetAsync<RateWindow>(tables, Table, Key(bucket), Key(bucket), ct).ConfigureAwait(false) is { } r ? (r.Value, r.ETag) : null;

    public Task<bool> TryAddAsync(string bucket, RateWindow window, CancellationToken ct) =>
        ConditionalRows.TryAddAsync(tables, Table, Key(bucket), Key(bucket), window, ct);

    public Task<bool> TryReplaceAsync(string bucket, RateWindow window, string etag, CancellationToken ct) =>
        ConditionalRows.TryReplaceAsync(tables, Table, Key(bucket), Key(bucket), window, etag, ct);

    private static string Key(string bucket) => TableKeyEncoding.Encode(bucket);
}
