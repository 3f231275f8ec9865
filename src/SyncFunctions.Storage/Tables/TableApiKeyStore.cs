using System.Text.Json;
using Azure.Data.Tables;
using SyncFunctions.Core.ApiKeys;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// One entity per key, keyed by the token hash so authentication is a single point read.
/// Lookups by id and listings per environment filter the table (listings then sort by id); they are admin
/// operations on a small table, and one entity per key means no index can disagree with the key it points at.
/// </summary>
public sealed class TableApiKeyStore(TableStore tables) : IApiKeyStore
{
    private const string Table = TableLayout.ApiKeys.Name;

    public async Task CreateAsync(ApiKey key, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        await table.AddEntityAsync(
            new TableEntity(key.TokenHash, TableLayout.ApiKeys.Row)
            {
                ["Id"] = key.Id,
                ["EnvironmentId"] = key.EnvironmentId,
                ["Name"] = key.Name,
                ["Scopes"] = string.Join(' ', key.Scopes),
                ["TokenPrefix"] = key.TokenPrefix,
                ["CreatedAt"] = key.CreatedAt,
                ["IntegratedAccountIds"] = key.IntegratedAccountIds is { } ids ? JsonSerializer.Serialize(ids) : null,
            },
            ct).ConfigureAwait(false);
    }

    public async Task<ApiKey?> FindByHashAsync(string tokenHash, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(tokenHash, TableLayout.ApiKeys.Row, cancellationToken: ct).ConfigureAwait(false);
        return found.HasValue ? Map(found.Value!) : null;
    }

    public async Task<ApiKey?> GetAsync(string id, CancellationToken ct)
    {
        // The id comes from the URL; one that no key could have must not become a filter the service refuses.
        if (!TableKeys.IsValid(id))
        {
            return null;
        }

        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Id eq {id}"), 1, cancellationToken: ct).ConfigureAwait(false))
        {
            return Map(entity);
        }

        return null;
    }

    /// <summary>
    /// Keys by id (ids are time-ordered, so oldest first). Partitions are token hashes, whose order means nothing, so
    /// the matching keys are read whole (a small admin table) and sorted here; the continuation is the last id listed.
    /// </summary>
    public async Task<StorePage<ApiKey>> ListAsync(string? environmentId, int limit, string? continuation, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var filter = environmentId is null
            ? TableClient.CreateQueryFilter($"RowKey eq {TableLayout.ApiKeys.Row}")
            : TableClient.CreateQueryFilter($"RowKey eq {TableLayout.ApiKeys.Row} and EnvironmentId eq {environmentId}");
        if (continuation is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Id gt {continuation}");
        }

        var keys = new List<ApiKey>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            keys.Add(Map(entity));
        }

        var page = keys.OrderBy(k => k.Id, StringComparer.Ordinal).Take(limit + 1).ToList();
        return page.Count > limit
            ? new StorePage<ApiKey>(page[..limit], page[limit - 1].Id)
            : new StorePage<ApiKey>(page, null);
    }

    public async Task DeleteAsync(ApiKey key, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        await table.DeleteEntityAsync(key.TokenHash, TableLayout.ApiKeys.Row, cancellationToken: ct).ConfigureAwait(false);
    }

    private static ApiKey Map(TableEntity e) => new(
        e.GetString("Id"),
        e.GetString("EnvironmentId"),
        e.GetString("Name"),
        e.GetString("Scopes").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        e.PartitionKey,
        e.GetString("TokenPrefix"),
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue)
    {
        IntegratedAccountIds = e.GetString("IntegratedAccountIds") is { } ids ? JsonSerializer.Deserialize<string[]>(ids) : null,
    };
}
