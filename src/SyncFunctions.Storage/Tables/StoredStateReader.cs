using Azure.Data.Tables;

namespace SyncFunctions.Storage.Tables;

/// <summary>What change detection needs of a stored record.</summary>
public readonly record struct StoredState(string? Hash, bool Deleted, long FirstRevision);

/// <summary>
/// Reads the stored state (or whole rows) of a page's records in a number of requests that does not grow with the
/// partition. Upstreams page in id order and <see cref="RecordKeys"/> sort like ids, so a page's
/// keys usually sit in a narrow RowKey range: one query over [min, max] asks for at most twice as
/// many rows as keys. The service answers in RowKey order, so when it stops early (a continuation)
/// the rows still tell every key up to the last row returned; keys beyond it get a further range
/// only when the density of page keys seen so far says one request reaches them all, otherwise a
/// point read each (never more requests than keys, plus the ranges tried).
/// </summary>
public static class StoredStateReader
{
    /// <summary>A query page's own ceiling.</summary>
    public const int MaxRangeRows = 1000;

    /// <summary>Beyond this many ranges a page's keys are scattered: point reads are the cheaper answer.</summary>
    public const int MaxRanges = 3;

    private const int PointReadConcurrency = 16;

    private static readonly string[] Columns = ["RowKey", "Hash", "Deleted", "FirstRevision"];

    /// <returns>The stored state of every key that is stored; a key missing from it is not.</returns>
    public static async Task<Dictionary<string, StoredState>> ReadAsync(TableClient table, string partition, IEnumerable<string> keys, CancellationToken ct) =>
        (await ReadRowsAsync(table, partition, keys, Columns, ct).ConfigureAwait(false)).ToDictionary(r => r.Key, r => Map(r.Value), StringComparer.Ordinal);

    /// <summary>The same reads for whole rows (<paramref name="columns"/> null) or the columns named.</summary>
    /// <returns>The row of every key that is stored; a key missing from it is not.</returns>
    /// <param name="tryRanges">False: point reads only.</param>
    public static async Task<Dictionary<string, TableEntity>> ReadRowsAsync(
        TableClient table, string partition, IEnumerable<string> keys, IReadOnlyList<string>? columns, CancellationToken ct, bool tryRanges = true)
    {
        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        var pending = wanted.Order(StringComparer.Ordinal).ToList();
        var pointReads = new List<string>();
        var take = Math.Min(MaxRangeRows, 2 * pending.Count);
        for (var ranges = 0; tryRanges && ranges < MaxRanges && pending.Count > 1; ranges++)
        {
            // A key whose place between the bounds depends on the service's collation of non-ASCII text is read by itself.
            var (low, high) = (pending[0], pending[^1]);
            pointReads.AddRange(pending.Where(k => !(KeyOrder.SurelyAtOrBefore(low, k) && KeyOrder.SurelyAtOrBefore(k, high))));
            pending.RemoveAll(k => !(KeyOrder.SurelyAtOrBefore(low, k) && KeyOrder.SurelyAtOrBefore(k, high)));

            var (rows, complete) = await ReadRangeAsync(table, partition, low, high, take, columns, ct).ConfigureAwait(false);
            foreach (var row in rows.Where(r => wanted.Contains(r.RowKey)))
            {
                found[row.RowKey] = row;
            }

            if (complete)
            {
                return await WithPointReadsAsync(found, table, partition, pointReads, columns, ct).ConfigureAwait(false);
            }

            var covered = rows.Count == 0 ? 0 : pending.TakeWhile(k => KeyOrder.SurelyAtOrBefore(k, rows[^1].RowKey)).Count();
            pending.RemoveRange(0, covered);
            if (covered == 0)
            {
                break;
            }

            // Rows per page key in what was just read, so the next range asks for about what it needs.
            var rowsNeeded = (int)Math.Ceiling(pending.Count * (double)rows.Count / covered);
            if (rowsNeeded > MaxRangeRows)
            {
                break;
            }

            take = Math.Min(MaxRangeRows, rowsNeeded + pending.Count);
        }

        pointReads.AddRange(pending);
        return await WithPointReadsAsync(found, table, partition, pointReads, columns, ct).ConfigureAwait(false);
    }

    private static async Task<(IReadOnlyList<TableEntity> Rows, bool Complete)> ReadRangeAsync(
        TableClient table, string partition, string low, string high, int take, IReadOnlyList<string>? columns, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {low} and RowKey le {high}");

        // One request: only the first page is read, whatever it holds.
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: take, select: columns, cancellationToken: ct).AsPages(continuationToken: null, pageSizeHint: take).ConfigureAwait(false))
        {
            return (page.Values, string.IsNullOrEmpty(page.ContinuationToken));
        }

        return ([], true);
    }

    private static async Task<Dictionary<string, TableEntity>> WithPointReadsAsync(
        Dictionary<string, TableEntity> found, TableClient table, string partition, IReadOnlyList<string> keys, IReadOnlyList<string>? columns, CancellationToken ct)
    {
        var results = new TableEntity?[keys.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Count), new ParallelOptions { MaxDegreeOfParallelism = PointReadConcurrency, CancellationToken = ct }, async (i, token) =>
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, keys[i], select: columns, cancellationToken: token).ConfigureAwait(false);
            results[i] = row.HasValue ? row.Value : null;
        }).ConfigureAwait(false);
        for (var i = 0; i < keys.Count; i++)
        {
            if (results[i] is { } row)
            {
                found[keys[i]] = row;
            }
        }

        return found;
    }

    // Records written before first revisions were kept count as "first seen at 0": device sync then errs towards sending deletes.
    private static StoredState Map(TableEntity row) => new(row.GetString("Hash"), row.GetBoolean("Deleted") == true, row.GetInt64("FirstRevision") ?? 0);
}
