using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Storage.Tables;

/// <summary>A definition stored under its name, with when it was created and last replaced.</summary>
public sealed record NamedDefinition<T>(T Definition, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// Definitions stored by name in each environment (integrations, unified models): partition = environment, row =
/// name, the definition as a document. The row key is the name, so it wins over any name inside the document.
/// </summary>
public sealed class NamedDefinitionTable<T>(TableStore tables, string table, Func<T, string> nameOf, Func<T, string, T> withName)
    where T : class
{
    public async Task<NamedDefinition<T>?> GetAsync(string environmentId, string name, CancellationToken ct) =>
        await EntityRows.FindAsync(tables, table, environmentId, name, ct).ConfigureAwait(false) is { } e ? Map(e) : null;

    /// <summary>Inserts or replaces; true when it was new.</summary>
    public async Task<bool> UpsertAsync(string environmentId, NamedDefinition<T> stored, CancellationToken ct)
    {
        var client = await tables.GetAsync(table, ct).ConfigureAwait(false);
        var entity = new TableEntity(environmentId, nameOf(stored.Definition))
        {
            ["CreatedAt"] = stored.CreatedAt,
            ["UpdatedAt"] = stored.UpdatedAt,
        };
        EntityDocuments.Write(entity, stored.Definition);
        try
        {
            await client.AddEntityAsync(entity, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            await client.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return false;
        }
    }

    public Task<bool> DeleteAsync(string environmentId, string name, CancellationToken ct) =>
        EntityRows.DeleteAsync(tables, table, environmentId, name, ct);

    public async Task<StorePage<NamedDefinition<T>>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct)
    {
        var client = await tables.GetAsync(table, ct).ConfigureAwait(false);
        return await TablePaging.ReadPageAsync(client, TableClient.CreateQueryFilter($"PartitionKey eq {environmentId}"), limit, continuation, Map, ct).ConfigureAwait(false);
    }

    private NamedDefinition<T> Map(TableEntity e) => new(
        withName(EntityDocuments.Read<T>(e), e.RowKey),
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);
}
