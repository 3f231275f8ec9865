using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Parent records of a run: partition <c>{env}|{run}|{entry}</c>, row = the parent key, the record as a chunked
/// JSON document. One partition per entry makes the orchestrator's key listing a single ordered range scan.
/// </summary>
public sealed class TableRunParentStore(TableStore tables) : IRunParentStore
{
    private const string Table = TableLayout.RunParents.Name;

    public async Task SaveAsync(string environmentId, string runId, int entryIndex, IReadOnlyList<ParentRecord> records, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var partition = TableLayout.RunParents.Partition(environmentId, runId, entryIndex);
        var actions = records.DistinctBy(r => r.Key, StringComparer.Ordinal).Select(r =>
        {
            var entity = new TableEntity(partition, r.Key) { ["ParentKey"] = r.ParentKey };
            EntityDocuments.WriteJson(entity, r.Data.ToJsonString());
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
        }).ToList();
        await TableBatches.SubmitAsync(table, actions, ct).ConfigureAwait(false);
    }

    public async Task<ParentRecord?> GetAsync(string environmentId, string runId, int entryIndex, string key, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableLayout.RunParents.Partition(environmentId, runId, entryIndex), key, cancellationToken: ct).ConfigureAwait(false);
        if (!found.HasValue || found.Value is null)
        {
            return null;
        }

        var data = JsonNode.Parse(EntityDocuments.ReadJson(found.Value) ?? "{}") as JsonObject ?? [];
        return new ParentRecord(key, data, found.Value.GetString("ParentKey"));
    }

    public async Task<ParentKeyPage> ListKeysAsync(string environmentId, string runId, int entryIndex, string? after, int limit, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var partition = TableLayout.RunParents.Partition(environmentId, runId, entryIndex);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after}");
        var keys = new List<string>(limit);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit + 1, 1000), select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            if (keys.Count == limit)
            {
                return new ParentKeyPage(keys, keys[^1]);
            }

            keys.Add(row.RowKey);
        }

        return new ParentKeyPage(keys, null);
    }

    public async Task<int> DeleteAsync(string environmentId, string runId, IEnumerable<int> entryIndexes, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var removed = 0;
        foreach (var entry in entryIndexes)
        {
            var partition = TableLayout.RunParents.Partition(environmentId, runId, entry);
            var actions = new List<TableTransactionAction>();
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row.RowKey), ETag.All));
            }

            await TableBatches.SubmitAsync(table, actions, ct).ConfigureAwait(false);
            removed += actions.Count;
        }

        return removed;
    }
}
