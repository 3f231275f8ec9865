using Azure;
using Azure.Data.Tables;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Rows used as locks and counters: a document read with its ETag, added only if absent, replaced only if unchanged.
/// The conflict answers (409, 412) are results here, not errors, because losing a race is the expected case.
/// </summary>
internal static class ConditionalRows
{
    public static async Task<(T Value, string ETag)?> GetAsync<T>(TableStore tables, string table, string partition, string row, CancellationToken ct) =>
        await EntityRows.FindAsync(tables, table, partition, row, ct).ConfigureAwait(false) is { } e
            ? (EntityDocuments.Read<T>(e), e.ETag.ToString())
            : null;

    public static async Task<bool> TryAddAsync<T>(TableStore tables, string table, string partition, string row, T value, CancellationToken ct)
    {
        var client = await tables.GetAsync(table, ct).ConfigureAwait(false);
        try
        {
            await client.AddEntityAsync(Entity(partition, row, value), ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public static async Task<bool> TryReplaceAsync<T>(TableStore tables, string table, string partition, string row, T value, string etag, CancellationToken ct)
    {
        var client = await tables.GetAsync(table, ct).ConfigureAwait(false);
        try
        {
            await client.UpdateEntityAsync(Entity(partition, row, value), new ETag(etag), TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    private static TableEntity Entity<T>(string partition, string row, T value)
    {
        var entity = new TableEntity(partition, row);
        EntityDocuments.Write(entity, value);
        return entity;
    }
}
