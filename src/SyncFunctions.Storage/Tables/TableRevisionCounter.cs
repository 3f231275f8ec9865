using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// The per-environment revision counter. A block of revisions is taken with one optimistic
/// update (ETag), so concurrent runs never share a revision. The counter's last known value and ETag are kept, so a
/// writer that took the previous block too (the usual case: one unit paging on) takes the next one in a single round
/// trip; a stale guess costs a 412 and a read, as before.
/// </summary>
public sealed class TableRevisionCounter(TableStore tables)
{
    private const string Table = "counters";
    private const string Row = "revision";

    private readonly ConcurrentDictionary<string, (long Value, ETag ETag)> _known = new(StringComparer.Ordinal);
    private long _conflicts;

    /// <summary>
    /// ETag conflicts (409/412) met so far: each is a writer that lost a race for a counter row and had to
    /// read it again. Writers of different feeds must never meet here; tests count it to prove so.
    /// </summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>Reserves <paramref name="count"/> revisions; returns the first.</summary>
    public async Task<long> AllocateAsync(string environmentId, int count, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (attempt == 0 && _known.TryGetValue(environmentId, out var guess))
                {
                    return await TakeAsync(table, environmentId, guess.Value, guess.ETag, count, ct).ConfigureAwait(false);
                }

                var current = await table.GetEntityIfExistsAsync<TableEntity>(environmentId, Row, cancellationToken: ct).ConfigureAwait(false);
                if (!current.HasValue)
                {
                    var created = await table.AddEntityAsync(new TableEntity(environmentId, Row) { ["Value"] = (long)count }, ct).ConfigureAwait(false);
                    Remember(environmentId, count, created.Headers.ETag);
                    return 1;
                }

                return await TakeAsync(table, environmentId, current.Value!.GetInt64("Value") ?? 0, current.Value.ETag, count, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 50)
            {
                // Another writer took a block first; read again. Jitter keeps racing writers apart (not after a stale guess).
                Interlocked.Increment(ref _conflicts);
                _known.TryRemove(environmentId, out _);
                if (attempt > 0)
                {
                    await Task.Delay(Random.Shared.Next(5, 20 + (attempt * 10)), ct).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<long> TakeAsync(TableClient table, string environmentId, long last, ETag etag, int count, CancellationToken ct)
    {
        var response = await table.UpdateEntityAsync(new TableEntity(environmentId, Row) { ["Value"] = last + count }, etag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        Remember(environmentId, last + count, response.Headers.ETag);
        return last + 1;
    }

    private void Remember(string environmentId, long value, ETag? etag)
    {
        if (etag is { } known)
        {
            _known[environmentId] = (value, known);
        }
        else
        {
            _known.TryRemove(environmentId, out _);
        }
    }
}
