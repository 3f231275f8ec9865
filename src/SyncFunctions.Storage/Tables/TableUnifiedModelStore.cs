using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Storage.Tables;

/// <summary>Unified models: partition = environment, row = name.</summary>
public sealed class TableUnifiedModelStore(TableStore tables) : IUnifiedModelStore
{
    private const string Table = "unifiedmodels";

    public async Task<StoredUnifiedModel?> GetAsync(string environmentId, string name, CancellationToken ct) =>
        await EntityRows.FindAsync(tables, Table, environmentId, name, ct).ConfigureAwait(false) is { } e ? Map(e) : null;

    public async Task<bool> UpsertAsync(string environmentId, StoredUnifiedModel model, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var entity = new TableEntity(environmentId, model.Definition.Name)
        {
            ["CreatedAt"] = model.CreatedAt,
            ["UpdatedAt"] = model.UpdatedAt,
        };
        EntityDocuments.Write(entity, model.Definition);
        try
        {
            await table.AddEntityAsync(entity, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return false;
        }
    }

    public Task<bool> DeleteAsync(string environmentId, string name, CancellationToken ct) =>
        EntityRows.DeleteAsync(tables, Table, environmentId, name, ct);

    public async Task<StorePage<StoredUnifiedModel>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        return await TablePaging.ReadPageAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {environmentId}"), limit, continuation, Map, ct).ConfigureAwait(false);
    }

    private static StoredUnifiedModel Map(TableEntity e) => new(
        EntityDocuments.Read<UnifiedModelDefinition>(e) with { Name = e.RowKey },
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);
}
