using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Storage.Tables;

/// <summary>Integrations: partition = environment, row = name.</summary>
public sealed class TableIntegrationStore(TableStore tables) : IIntegrationStore
{
    private const string Table = "integrations";

    public async Task<StoredIntegration?> GetAsync(string environmentId, string name, CancellationToken ct) =>
        await EntityRows.FindAsync(tables, Table, environmentId, name, ct).ConfigureAwait(false) is { } e ? Map(e) : null;

    public async Task<bool> UpsertAsync(string environmentId, StoredIntegration integration, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var entity = new TableEntity(environmentId, integration.Definition.Name)
        {
            ["CreatedAt"] = integration.CreatedAt,
            ["UpdatedAt"] = integration.UpdatedAt,
        };
        EntityDocuments.Write(entity, integration.Definition);
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

    public async Task<StorePage<StoredIntegration>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        return await TablePaging.ReadPageAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {environmentId}"), limit, continuation, Map, ct).ConfigureAwait(false);
    }

    private static StoredIntegration Map(TableEntity e) => new(
        EntityDocuments.Read<IntegrationDefinition>(e) with { Name = e.RowKey },
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);
}
