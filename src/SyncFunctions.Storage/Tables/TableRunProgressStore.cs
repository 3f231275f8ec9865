using System.Text.Json;
using Azure.Data.Tables;
using SyncFunctions.Core.Json;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Storage.Tables;

/// <summary>Unit progress of running runs: partition <c>{env}|{run}</c>, row = the unit key, the unit's totals as JSON.</summary>
public sealed class TableRunProgressStore(TableStore tables) : IRunProgressStore
{
    private const string Table = TableLayout.RunProgress.Name;

    public async Task SaveAsync(string environmentId, string runId, UnitProgress progress, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var entity = new TableEntity(TableLayout.RunProgress.Partition(environmentId, runId), TableLayout.RunProgress.Row(progress.UnitKey))
        {
            ["Unit"] = progress.UnitKey,
            ["Totals"] = JsonSerializer.Serialize(progress.Totals, WireJson.Tolerant),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<UnitProgress>> ListAsync(string environmentId, string runId, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var list = new List<UnitProgress>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.RunProgress.Partition(environmentId, runId)}"), cancellationToken: ct).ConfigureAwait(false))
        {
            if (row.GetString("Totals") is { } json && JsonSerializer.Deserialize<EntryTotals>(json, WireJson.Tolerant) is { } totals)
            {
                list.Add(new UnitProgress(row.GetString("Unit") ?? row.RowKey, totals));
            }
        }

        return list;
    }

    public async Task DeleteAsync(string environmentId, string runId, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var partition = TableLayout.RunProgress.Partition(environmentId, runId);
        var rows = new List<TableTransactionAction>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            rows.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row.RowKey)));
        }

        await TableBatches.SubmitAsync(table, rows, ct).ConfigureAwait(false);
    }
}
