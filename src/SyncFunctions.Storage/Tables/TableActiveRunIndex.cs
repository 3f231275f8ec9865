using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Active runs: partition = environment, row = run id, no other columns. It holds only runs in flight, so the
/// poller's full read of it stays small however many runs the runs table keeps.
/// </summary>
public sealed class TableActiveRunIndex(TableStore tables) : IActiveRunIndex
{
    private const string Table = TableLayout.ActiveRuns.Name;

    public async Task AddAsync(ActiveRunRef run, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(run.EnvironmentId, run.RunId), TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    public Task RemoveAsync(ActiveRunRef run, CancellationToken ct) =>
        EntityRows.DeleteAsync(tables, Table, run.EnvironmentId, run.RunId, ct);

    public async IAsyncEnumerable<ActiveRunRef> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        await foreach (var e in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            yield return new ActiveRunRef(e.PartitionKey, e.RowKey);
        }
    }
}
