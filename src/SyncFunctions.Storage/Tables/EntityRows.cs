using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.Concurrency;

namespace SyncFunctions.Storage.Tables;

/// <summary>The point operations every per-environment store does the same way.</summary>
internal static class EntityRows
{
    /// <summary>The entity, or null when absent or when the key could never be stored (user input reaches keys).</summary>
    public static async Task<TableEntity?> FindAsync(TableStore tables, string table, string partition, string row, CancellationToken ct)
    {
        if (!TableKeys.IsValid(row))
        {
            return null;
        }

        var client = await tables.GetAsync(table, ct).ConfigureAwait(false);
        var found = await client.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: ct).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>True when something was deleted.</summary>
    public static async Task<bool> DeleteAsync(TableStore tables, string table, string partition, string row, CancellationToken ct)
    {
        if (!TableKeys.IsValid(row))
        {
            return false;
        }

        var client = await tables.GetAsync(table, ct).ConfigureAwait(false);
        var response = await client.DeleteEntityAsync(partition, row, ETag.All, ct).ConfigureAwait(false);
        return response.Status != 404;
    }

    /// <summary>Replaces the entity if unchanged since <paramref name="etag"/>; otherwise <see cref="ConcurrencyException"/>.</summary>
    public static async Task ReplaceAsync(TableStore tables, string table, TableEntity entity, string etag, CancellationToken ct)
    {
        var client = await tables.GetAsync(table, ct).ConfigureAwait(false);
        try
        {
            await client.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new ConcurrencyException();
        }
    }

    /// <summary>The environment's partition, narrowed by the optional column filters.</summary>
    public static string PartitionFilter(string partition, params (string Column, string? Value)[] columns) =>
        string.Join(" and ", columns
            .Where(c => c.Value is not null)
            .Select(c => $"{c.Column} eq {TableClient.CreateQueryFilter($"{c.Value}")}")
            .Prepend(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")));
}
