using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Storage.Tables;

/// <summary>Integrated accounts: partition = environment, row = id. Credentials stay sealed in <c>Credentials</c>.</summary>
public sealed class TableAccountStore(TableStore tables) : IAccountStore
{
    private const string Table = "accounts";

    public async Task<IntegratedAccount?> GetAsync(string environmentId, string id, CancellationToken ct) =>
        (await GetForUpdateAsync(environmentId, id, ct).ConfigureAwait(false))?.Account;

    public async Task<(IntegratedAccount Account, string ETag)?> GetForUpdateAsync(string environmentId, string id, CancellationToken ct)
    {
        if (!TableKeys.IsValid(id))
        {
            return null;
        }

        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(environmentId, id, cancellationToken: ct).ConfigureAwait(false);
        return found.HasValue ? (Map(found.Value!), found.Value!.ETag.ToString()) : null;
    }

    public async Task CreateAsync(string environmentId, IntegratedAccount account, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        await table.AddEntityAsync(ToEntity(environmentId, account), ct).ConfigureAwait(false);
    }

    public async Task ReplaceAsync(string environmentId, IntegratedAccount account, string etag, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(ToEntity(environmentId, account), new ETag(etag), TableUpdateMode.Replace, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new ConcurrencyException();
        }
    }

    public async Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct)
    {
        if (!TableKeys.IsValid(id))
        {
            return false;
        }

        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var response = await table.DeleteEntityAsync(environmentId, id, ETag.All, ct).ConfigureAwait(false);
        return response.Status != 404;
    }

    public async Task<StorePage<IntegratedAccount>> ListAsync(string environmentId, string? integrationName, int limit, string? continuation, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var filter = integrationName is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {environmentId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {environmentId} and IntegrationName eq {integrationName}");
        return await TablePaging.ReadPageAsync(table, filter, limit, continuation, Map, ct).ConfigureAwait(false);
    }

    private static TableEntity ToEntity(string environmentId, IntegratedAccount account)
    {
        var entity = new TableEntity(environmentId, account.Id)
        {
            ["IntegrationName"] = account.IntegrationName,
            ["ExternalId"] = account.ExternalId,
            ["Credentials"] = account.ProtectedCredentials,
            ["CreatedAt"] = account.CreatedAt,
            ["UpdatedAt"] = account.UpdatedAt,
        };
        // The sealed credentials live in their own property, outside the readable document.
        EntityDocuments.Write(entity, account with { ProtectedCredentials = null });
        return entity;
    }

    private static IntegratedAccount Map(TableEntity e) =>
        EntityDocuments.Read<IntegratedAccount>(e) with { ProtectedCredentials = e.GetString("Credentials") };
}
