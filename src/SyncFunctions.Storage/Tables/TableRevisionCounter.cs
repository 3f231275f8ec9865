using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.Records;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Revision counters, one per feed (an account's resource): partition <c>{environment}|{account}</c>, row = resource,
/// <c>Value</c> = the last revision handed out. Writers of different feeds never touch the same row, so they never
/// race; a block of revisions is taken with one optimistic update (ETag), so concurrent writers of one feed never
/// share a revision. The last known value and ETag are kept, so a writer that took the previous block too (the usual
/// case: one unit paging on) takes the next one in a single round trip; a stale guess costs a 412 and a read.
/// The rows double as the feed directory (<see cref="ReadHeadsAsync"/>): a device start reads it to learn which feeds moved.
/// </summary>
public sealed class TableRevisionCounter(TableStore tables)
{
    private const string Table = TableLayout.Counters.Name;
    private const int DirectoryConcurrency = 8;

    private readonly ConcurrentDictionary<(string Partition, string Row), (long Value, ETag ETag)> _known = new();
    private long _conflicts;

    // Pages of one unit are stored several at once: taking their blocks one after another in this process keeps them
    // from racing each other's ETags (each would cost a 412 and a read); other processes still race, and retry.
    private readonly ConcurrentDictionary<(string Partition, string Row), SemaphoreSlim> _gates = new();

    /// <summary>
    /// ETag conflicts (409/412) met so far: each is a writer that lost a race for a counter row and had to
    /// read it again. Writers of different feeds must never meet here; tests count it to prove so.
    /// </summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>Reserves <paramref name="count"/> revisions of <paramref name="feed"/>; returns the first.</summary>
    public async Task<long> AllocateAsync(RecordScope feed, int count, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var row = (TableLayout.Counters.Partition(feed.EnvironmentId, feed.AccountId), TableLayout.Segment(feed.Resource));
        var gate = _gates.GetOrAdd(row, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await TakeBlockAsync(table, row, feed, count, ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<long> TakeBlockAsync(TableClient table, (string Partition, string Row) row, RecordScope feed, int count, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (attempt == 0 && _known.TryGetValue(row, out var guess))
                {
                    return await TakeAsync(table, row, guess.Value, guess.ETag, count, ct).ConfigureAwait(false);
                }

                var current = await table.GetEntityIfExistsAsync<TableEntity>(row.Item1, row.Item2, cancellationToken: ct).ConfigureAwait(false);
                if (!current.HasValue)
                {
                    var created = await table.AddEntityAsync(Entity(row, feed, count), ct).ConfigureAwait(false);
                    Remember(row, count, created.Headers.ETag);
                    return 1;
                }

                return await TakeAsync(table, row, current.Value!.GetInt64("Value") ?? 0, current.Value.ETag, count, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 50)
            {
                // Another writer of this feed took a block first; read again. Jitter keeps racing writers apart (not after a stale guess).
                Interlocked.Increment(ref _conflicts);
                _known.TryRemove(row, out _);
                if (attempt > 0)
                {
                    await Task.Delay(Random.Shared.Next(5, 20 + (attempt * 10)), ct).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The feed directory: one query per account given, else one range over the environment's counter partitions.</summary>
    public async Task<IReadOnlyList<FeedHead>> ReadHeadsAsync(string environmentId, IReadOnlySet<string>? accountIds, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        if (accountIds is null)
        {
            var (low, high) = TableLayout.Under(TableLayout.Segment(environmentId));
            return await QueryAsync(table, TableClient.CreateQueryFilter($"PartitionKey ge {low} and PartitionKey lt {high}"), ct).ConfigureAwait(false);
        }

        var heads = new ConcurrentBag<FeedHead>();
        await Parallel.ForEachAsync(accountIds, new ParallelOptions { MaxDegreeOfParallelism = DirectoryConcurrency, CancellationToken = ct }, async (accountId, token) =>
        {
            var partition = TableLayout.Counters.Partition(environmentId, accountId);
            foreach (var head in await QueryAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), token).ConfigureAwait(false))
            {
                heads.Add(head);
            }
        }).ConfigureAwait(false);
        return heads.ToList();
    }

    private static async Task<List<FeedHead>> QueryAsync(TableClient table, string filter, CancellationToken ct)
    {
        var heads = new List<FeedHead>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["AccountId", "Resource", "Value", "Timestamp"], cancellationToken: ct).ConfigureAwait(false))
        {
            heads.Add(new FeedHead(new FeedId(e.GetString("AccountId"), e.GetString("Resource")), e.GetInt64("Value") ?? 0, e.Timestamp));
        }

        return heads;
    }

    private async Task<long> TakeAsync(TableClient table, (string Partition, string Row) row, long last, ETag etag, int count, CancellationToken ct)
    {
        var entity = new TableEntity(row.Partition, row.Row) { ["Value"] = last + count };
        var response = await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Merge, ct).ConfigureAwait(false);
        Remember(row, last + count, response.Headers.ETag);
        return last + 1;
    }

    // The names are kept in clear next to the encoded keys, so the directory needs no decoding.
    private static TableEntity Entity((string Partition, string Row) row, RecordScope feed, long value) => new(row.Partition, row.Row)
    {
        ["AccountId"] = feed.AccountId,
        ["Resource"] = feed.Resource,
        ["Value"] = value,
    };

    private void Remember((string Partition, string Row) row, long value, ETag? etag)
    {
        if (etag is { } known)
        {
            _known[row] = (value, known);
        }
        else
        {
            _known.TryRemove(row, out _);
        }
    }
}
