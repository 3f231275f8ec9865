using SyncFunctions.Core.RateLimits;

namespace SyncFunctions.Storage.Tables;

/// <summary>Rate windows: one row per bucket (partition = row = the bucket, key-encoded), so a bucket's row is never contended by another's.</summary>
public sealed class TableRateWindowStore(TableStore tables) : IRateWindowStore
{
    private const string Table = TableLayout.RateWindows.Name;

    public async Task<(RateWindow Window, string ETag)?> GetAsync(string bucket, CancellationToken ct) =>
        await ConditionalRows.GetAsync<RateWindow>(tables, Table, TableLayout.RateWindows.Key(bucket), TableLayout.RateWindows.Key(bucket), ct).ConfigureAwait(false) is { } r ? (r.Value, r.ETag) : null;

    public Task<bool> TryAddAsync(string bucket, RateWindow window, CancellationToken ct) =>
        ConditionalRows.TryAddAsync(tables, Table, TableLayout.RateWindows.Key(bucket), TableLayout.RateWindows.Key(bucket), window, ct);

    public Task<bool> TryReplaceAsync(string bucket, RateWindow window, string etag, CancellationToken ct) =>
        ConditionalRows.TryReplaceAsync(tables, Table, TableLayout.RateWindows.Key(bucket), TableLayout.RateWindows.Key(bucket), window, etag, ct);
}
