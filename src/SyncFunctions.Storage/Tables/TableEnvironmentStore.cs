using Azure.Data.Tables;
using SyncFunctions.Core.Environments;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Storage.Tables;

/// <summary>Environments: one small partition, read by id.</summary>
public sealed class TableEnvironmentStore(TableStore tables) : IEnvironmentStore
{
    private const string Table = TableLayout.Environments.Name;

    public async Task CreateAsync(SyncEnvironment environment, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        await table.AddEntityAsync(
            new TableEntity(TableLayout.Environments.Partition, environment.Id)
            {
                ["Name"] = environment.Name,
                ["CreatedAt"] = environment.CreatedAt,
            },
            ct).ConfigureAwait(false);
    }

    public async Task<SyncEnvironment?> GetAsync(string id, CancellationToken ct)
    {
        if (!TableKeys.IsValid(id))
        {
            return null;
        }

        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableLayout.Environments.Partition, id, cancellationToken: ct).ConfigureAwait(false);
        return found.HasValue ? Map(found.Value!) : null;
    }

    public async Task<StorePage<SyncEnvironment>> ListAsync(int limit, string? continuation, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        return await TablePaging.ReadPageAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.Environments.Partition}"), limit, continuation, Map, ct).ConfigureAwait(false);
    }

    private static SyncEnvironment Map(TableEntity e) =>
        new(e.RowKey, e.GetString("Name"), e.GetDateTimeOffset("CreatedAt") ?? e.Timestamp ?? DateTimeOffset.MinValue);
}
