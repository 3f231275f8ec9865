using Azure.Data.Tables;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.SyncJobs;

namespace SyncFunctions.Storage.Tables;

/// <summary>Sync jobs: partition = environment, row = id.</summary>
public sealed class TableSyncJobStore(TableStore tables) : ISyncJobStore
{
    private const string Table = TableLayout.SyncJobs.Name;

    public async Task<StoredSyncJob?> GetAsync(string environmentId, string id, CancellationToken ct) =>
        await EntityRows.FindAsync(tables, Table, environmentId, id, ct).ConfigureAwait(false) is { } e ? Map(e) : null;

    public async Task UpsertAsync(string environmentId, StoredSyncJob job, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var entity = new TableEntity(environmentId, job.Id)
        {
            ["IntegrationName"] = job.Definition.IntegrationName,
            ["CreatedAt"] = job.CreatedAt,
            ["UpdatedAt"] = job.UpdatedAt,
        };
        EntityDocuments.Write(entity, job.Definition);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    public Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct) =>
        EntityRows.DeleteAsync(tables, Table, environmentId, id, ct);

    public async Task<StorePage<StoredSyncJob>> ListAsync(string environmentId, string? integrationName, int limit, string? continuation, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var filter = EntityRows.PartitionFilter(environmentId, ("IntegrationName", integrationName));
        return await TablePaging.ReadPageAsync(table, filter, limit, continuation, Map, ct).ConfigureAwait(false);
    }

    private static StoredSyncJob Map(TableEntity e) => new(
        e.RowKey,
        EntityDocuments.Read<SyncJobDefinition>(e),
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);
}
