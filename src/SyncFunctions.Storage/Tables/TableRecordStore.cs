using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Records;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Keys: records — partition <see cref="TableLayout.Records.Partition"/> (its feed's, below), row = <see cref="RecordKeys"/> of the id
/// (numeric ids sort numerically, so a page's stored state is one range read: <see cref="StoredStateReader"/>);
/// change feed — one partition per feed, <see cref="TableLayout.Feed"/> (<c>{environment}|{account}|{resource}</c>, each
/// segment key-encoded), row = revision (zero-padded, so rows sort by revision); revisions come from the feed's own
/// counter (<see cref="TableRevisionCounter"/>), so writers of different accounts or resources share no row and no
/// partition; seen sets — partition <see cref="TableLayout.Seen.Partition"/>, row = <see cref="RecordKeys"/> of the id.
/// A page's writes take one counter update, then change rows, then records: a crash in between
/// leaves a feed entry whose record is older, which readers treat as "look at the record".
/// Every allocated revision gets exactly one feed row unless its writer crashed first, so a feed
/// is dense apart from such gaps; feed rows carry the record's first live revision and the write
/// time, which device sync needs (see <c>SyncFunctions.Core.DeviceSync</c>).
/// </summary>
public sealed class TableRecordStore(TableStore tables, TableRevisionCounter revisions, TimeProvider clock) : IRecordStore
{
    private const string RecordsTable = TableLayout.Records.Name;
    private const string ChangesTable = TableLayout.Changes.Name;
    private const string SeenTable = TableLayout.Seen.Name;

    /// <summary>Records are stored whole in one entity; bigger ones are rejected (entities max out at 1 MiB).</summary>
    public const int MaxRecordChars = RecordLimits.MaxRecordBytes;

    /// <summary>Fewer records than this are read by point reads in <see cref="GetManyAsync"/>.</summary>
    public const int MinKeysForRange = 16;

    public async Task<PersistOutcome> PersistAsync(RecordScope scope, string runId, IReadOnlyList<IncomingRecord> records, CancellationToken ct, Func<CancellationToken, Task>? beforeWrite = null)
    {
        var rejected = new List<RejectedRecord>();
        var latest = new Dictionary<string, (IncomingRecord Record, string? Json)>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var key = RecordKeys.Encode(record.Id);
            var json = record.Deleted ? null : record.Data?.ToJsonString();
            if (!RecordKeys.Fits(key))
            {
                rejected.Add(new RejectedRecord(record.Id, "id_too_long"));
            }
            else if (json?.Length > MaxRecordChars)
            {
                rejected.Add(new RejectedRecord(record.Id, "too_large"));
            }
            else
            {
                // The same id twice in one page: the later one is the fresher.
                latest[key] = (record, json);
            }
        }

        var table = await tables.GetAsync(RecordsTable, ct).ConfigureAwait(false);
        var partition = TableLayout.Records.Partition(scope);
        var reading = StoredStateReader.ReadAsync(table, partition, latest.Keys, ct);
        try
        {
            if (beforeWrite is not null)
            {
                await beforeWrite(ct).ConfigureAwait(false);
            }
        }
        finally
        {
            // Observed either way, so a failed fence leaves no read running unwatched.
            await Task.WhenAny(reading).ConfigureAwait(false);
        }

        var existing = await reading.ConfigureAwait(false);

        int created = 0, updated = 0, deleted = 0, unchanged = 0;
        var writes = new List<Write>();
        foreach (var (key, (record, json)) in latest)
        {
            StoredState? before = existing.TryGetValue(key, out var stored) ? stored : null;
            switch (ChangeDetection.Decide(record, before is { } state ? new StoredRecordState(state.Hash, state.Deleted) : null))
            {
                case RecordVerdict.Unchanged:
                    unchanged++;
                    continue;
                case RecordVerdict.Created:
                    created++;
                    break;
                case RecordVerdict.Deleted:
                    deleted++;
                    break;
                default:
                    updated++;
                    break;
            }

            writes.Add(new Write(key, record, json, before?.FirstRevision));
        }

        await WriteAsync(scope, runId, writes, ct).ConfigureAwait(false);
        var maxUpdatedAt = latest.Values.Select(v => v.Record.UpdatedAt).Where(u => u.HasValue).DefaultIfEmpty().Max();
        return new PersistOutcome(created, updated, deleted, unchanged, rejected, maxUpdatedAt);
    }

    public async Task MarkSeenAsync(RecordScope scope, string runId, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var table = await tables.GetAsync(SeenTable, ct).ConfigureAwait(false);
        var partition = TableLayout.Seen.Partition(runId, scope);
        var actions = ids
            .Select(RecordKeys.Encode)
            .Where(RecordKeys.Fits)
            .Distinct(StringComparer.Ordinal)
            .Select(k => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, k)))
            .ToList();
        await TableBatches.SubmitAsync(table, actions, ct).ConfigureAwait(false);
    }

    public async Task<int> TombstoneUnseenAsync(RecordScope scope, string runId, CancellationToken ct)
    {
        var seenTable = await tables.GetAsync(SeenTable, ct).ConfigureAwait(false);
        var seenPartition = TableLayout.Seen.Partition(runId, scope);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in seenTable.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {seenPartition}"), select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            seen.Add(row.RowKey);
        }

        var records = await tables.GetAsync(RecordsTable, ct).ConfigureAwait(false);
        var partition = TableLayout.Records.Partition(scope);
        var missing = new List<Write>();
        await foreach (var row in records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey", "Id", "Deleted", "FirstRevision"], cancellationToken: ct).ConfigureAwait(false))
        {
            if (row.GetBoolean("Deleted") != true && !seen.Contains(row.RowKey))
            {
                missing.Add(new Write(row.RowKey, new IncomingRecord(row.GetString("Id"), "", null, null, Deleted: true), null, row.GetInt64("FirstRevision") ?? 0));
            }
        }

        await WriteAsync(scope, runId, missing, ct).ConfigureAwait(false);

        // The seen set has done its job.
        await TableBatches.SubmitAsync(
            seenTable,
            seen.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(seenPartition, k))).ToList(),
            ct).ConfigureAwait(false);
        return missing.Count;
    }

    public async Task<StoredRecord?> GetAsync(RecordScope scope, string id, CancellationToken ct)
    {
        var key = RecordKeys.Encode(id);
        if (!RecordKeys.Fits(key))
        {
            return null;
        }

        var table = await tables.GetAsync(RecordsTable, ct).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableLayout.Records.Partition(scope), key, cancellationToken: ct).ConfigureAwait(false);
        return found.HasValue ? Map(found.Value!) : null;
    }

    public async Task<IReadOnlyDictionary<string, StoredRecord>> GetManyAsync(RecordScope scope, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var keys = ids.Select(RecordKeys.Encode).Where(RecordKeys.Fits).Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            return new Dictionary<string, StoredRecord>(StringComparer.Ordinal);
        }

        // A handful of whole records are as cheap read one by one, and a range guessed wrong would read rows nobody asked for.
        var table = await tables.GetAsync(RecordsTable, ct).ConfigureAwait(false);
        var rows = await StoredStateReader.ReadRowsAsync(table, TableLayout.Records.Partition(scope), keys, null, ct, tryRanges: keys.Count >= MinKeysForRange).ConfigureAwait(false);
        return rows.Values.Select(Map).ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    public async IAsyncEnumerable<StoredRecord> ReadAllAsync(RecordScope scope, [EnumeratorCancellation] CancellationToken ct)
    {
        var table = await tables.GetAsync(RecordsTable, ct).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.Records.Partition(scope)}"), cancellationToken: ct).ConfigureAwait(false))
        {
            yield return Map(entity);
        }
    }

    public Task<IReadOnlyList<FeedHead>> ReadFeedHeadsAsync(string environmentId, IReadOnlySet<string>? accountIds, CancellationToken ct) =>
        revisions.ReadHeadsAsync(environmentId, accountIds, ct);

    public async IAsyncEnumerable<RecordChange> ReadChangesAsync(RecordScope feed, long afterRevision, [EnumeratorCancellation] CancellationToken ct)
    {
        var table = await tables.GetAsync(ChangesTable, ct).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.Feed(feed)} and RowKey gt {TableLayout.Revision(afterRevision)}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            yield return MapChange(feed, e);
        }
    }

    public async Task<IReadOnlyList<RecordChange>> ReadChangesAsync(RecordScope feed, long afterRevision, long throughRevision, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var changes = new List<RecordChange>(Math.Min(max, 1000));
        if (throughRevision <= afterRevision)
        {
            return changes;
        }

        var table = await tables.GetAsync(ChangesTable, ct).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {TableLayout.Feed(feed)} and RowKey gt {TableLayout.Revision(afterRevision)} and RowKey le {TableLayout.Revision(throughRevision)}");

        // maxPerPage asks the service for no more than needed; a short page with a continuation is followed.
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: ct).ConfigureAwait(false))
        {
            changes.Add(MapChange(feed, e));
            if (changes.Count == max)
            {
                break;
            }
        }

        return changes;
    }

    public async Task<StorePage<RecordChange>> ReadChangePageAsync(string environmentId, ChangeFilter filter, int limit, string? continuation, CancellationToken ct)
    {
        // The feed's own partition: never a row of another account or resource.
        var feed = new RecordScope(environmentId, filter.AccountId, filter.Resource);
        var table = await tables.GetAsync(ChangesTable, ct).ConfigureAwait(false);
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.Feed(feed)}");
        if (filter.SyncedAfter is { } after)
        {
            query += " and " + TableClient.CreateQueryFilter($"SyncedAt gt {after}");
        }

        return await TablePaging.ReadPageAsync(table, query, limit, continuation, e => MapChange(feed, e), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes records the caller knows are new, without reading the store first: for seeding large
    /// data sets (tests, benchmarks). An id that exists already is overwritten as if created.
    /// </summary>
    public Task AppendNewAsync(RecordScope scope, string runId, IReadOnlyList<IncomingRecord> records, CancellationToken ct) =>
        WriteAsync(scope, runId, records.Select(r => new Write(RecordKeys.Encode(r.Id), r, r.Deleted ? null : r.Data?.ToJsonString(), null)).ToList(), ct);

    private async Task WriteAsync(RecordScope scope, string runId, IReadOnlyList<Write> writes, CancellationToken ct)
    {
        if (writes.Count == 0)
        {
            return;
        }

        var first = await revisions.AllocateAsync(scope, writes.Count, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var changeRows = new List<TableTransactionAction>(writes.Count);
        var recordRows = new List<TableTransactionAction>(writes.Count);
        var partition = TableLayout.Records.Partition(scope);
        var feedPartition = TableLayout.Feed(scope);
        for (var i = 0; i < writes.Count; i++)
        {
            var (key, record, json, knownFirst) = writes[i];
            var revision = first + i;
            var firstRevision = knownFirst ?? revision;
            changeRows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(feedPartition, TableLayout.Revision(revision))
            {
                ["Id"] = record.Id,
                ["Deleted"] = record.Deleted,
                ["FirstRevision"] = firstRevision,
                ["SyncedAt"] = now,
            }));

            var entity = new TableEntity(partition, key)
            {
                ["Id"] = record.Id,
                ["Hash"] = record.ContentHash,
                ["Revision"] = revision,
                ["FirstRevision"] = firstRevision,
                ["UpdatedAt"] = record.UpdatedAt,
                ["Deleted"] = record.Deleted,
                ["SyncedAt"] = now,
                ["RunId"] = runId,
            };
            if (json is not null)
            {
                EntityDocuments.WriteJson(entity, json);
            }

            recordRows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
        }

        await TableBatches.SubmitAsync(await tables.GetAsync(ChangesTable, ct).ConfigureAwait(false), changeRows, ct).ConfigureAwait(false);
        await TableBatches.SubmitAsync(await tables.GetAsync(RecordsTable, ct).ConfigureAwait(false), recordRows, ct).ConfigureAwait(false);
    }

    // A feed row names neither account nor resource: its partition does.
    private static RecordChange MapChange(RecordScope feed, TableEntity e) =>
        new(long.Parse(e.RowKey, System.Globalization.CultureInfo.InvariantCulture), feed.AccountId, feed.Resource, e.GetString("Id"), e.GetBoolean("Deleted") == true)
        {
            FirstRevision = e.GetInt64("FirstRevision") ?? 0,
            SyncedAt = e.GetDateTimeOffset("SyncedAt"),
        };

    private static StoredRecord Map(TableEntity e) => new(
        e.GetString("Id"),
        EntityDocuments.ReadJson(e) is { } json ? JsonNode.Parse(json)!.AsObject() : null,
        e.GetString("Hash"),
        e.GetInt64("Revision") ?? 0,
        e.GetDateTimeOffset("UpdatedAt"),
        e.GetBoolean("Deleted") == true,
        e.GetDateTimeOffset("SyncedAt") ?? DateTimeOffset.MinValue,
        e.GetString("RunId"))
    {
        FirstRevision = e.GetInt64("FirstRevision") ?? 0,
    };

    /// <summary>One record to write; <see cref="FirstRevision"/> is null when this write creates it.</summary>
    private readonly record struct Write(string Key, IncomingRecord Record, string? Json, long? FirstRevision);
}
