using Azure.Data.Tables;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Storage.Tables;

/// <summary>Integrated accounts: partition = environment, row = id. Credentials stay sealed in <c>Credentials</c>.</summary>
public sealed class TableAccountStore(TableStore tables) : IAccountStore
{
    private const string Table = TableLayout.Accounts.Name;

    public async Task<IntegratedAccount?> GetAsync(string environmentId, string id, CancellationToken ct) =>
        (await GetForUpdateAsync(environmentId, id, ct).ConfigureAwait(false))?.Account;

    public async Task<(IntegratedAccount Account, string ETag)?> GetForUpdateAsync(string environmentId, string id, CancellationToken ct) =>
        await EntityRows.FindAsync(tables, Table, environmentId, id, ct).ConfigureAwait(false) is { } e ? (Map(e), e.ETag.ToString()) : null;

    public async Task CreateAsync(string environmentId, IntegratedAccount account, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        await table.AddEntityAsync(ToEntity(environmentId, account), ct).ConfigureAwait(false);
    }

    public Task ReplaceAsync(string environmentId, IntegratedAccount account, string etag, CancellationToken ct) =>
        EntityRows.ReplaceAsync(tables, Table, ToEntity(environmentId, account), etag, ct);

    public Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct) =>
        EntityRows.DeleteAsync(tables, Table, environmentId, id, ct);

    public async Task<StorePage<IntegratedAccount>> ListAsync(string environmentId, string? integrationName, int limit, string? continuation, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var filter = EntityRows.PartitionFilter(environmentId, ("IntegrationName", integrationName));
        return await TablePaging.ReadPageAsync(table, filter, limit, continuation, Map, ct).ConfigureAwait(false);
    }

    public async Task<StorePage<IntegratedAccount>> ListMatchingAsync(string environmentId, string? integrationName, string? externalId, int limit, string? continuation, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var filter = EntityRows.PartitionFilter(environmentId, ("IntegrationName", integrationName), ("ExternalId", externalId));
        return await TablePaging.ReadPageAsync(table, filter, limit, continuation, Map, ct).ConfigureAwait(false);
    }

    public async Task<int> CountMatchingAsync(string environmentId, string? integrationName, string? externalId, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var filter = EntityRows.PartitionFilter(environmentId, ("IntegrationName", integrationName), ("ExternalId", externalId));
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            count++;
        }

        return count;
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
