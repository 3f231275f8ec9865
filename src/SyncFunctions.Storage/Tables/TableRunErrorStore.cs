using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Storage.Tables;

/// <summary>Error ledgers: partition <c>{env}|{run}</c>, row = the entry's deterministic key, the entry as a document.</summary>
public sealed class TableRunErrorStore(TableStore tables) : IRunErrorStore
{
    private const string Table = TableLayout.RunErrors.Name;

    public async Task AddAsync(string environmentId, string runId, IReadOnlyList<RunErrorEntry> entries, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var partition = TableLayout.RunErrors.Partition(environmentId, runId);
        var actions = entries.DistinctBy(e => e.Key, StringComparer.Ordinal).Select(e =>
        {
            var entity = new TableEntity(partition, TableLayout.RunErrors.Row(e.Key));
            EntityDocuments.Write(entity, e);
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
        }).ToList();
        await TableBatches.SubmitAsync(table, actions, ct).ConfigureAwait(false);
    }

    public async Task<StorePage<RunErrorEntry>> ListAsync(string environmentId, string runId, int limit, string? continuation, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        return await TablePaging.ReadPageAsync(
            table, TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.RunErrors.Partition(environmentId, runId)}"), limit, continuation, EntityDocuments.Read<RunErrorEntry>, ct).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string environmentId, string runId, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var partition = TableLayout.RunErrors.Partition(environmentId, runId);
        var actions = new List<TableTransactionAction>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row.RowKey), ETag.All));
        }

        await TableBatches.SubmitAsync(table, actions, ct).ConfigureAwait(false);
    }
}
