using Azure.Data.Tables;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Storage.Tables;

internal static class TablePaging
{
    /// <summary>Reads one server page; the continuation token is the table service's own.</summary>
    public static async Task<StorePage<T>> ReadPageAsync<T>(
        TableClient table, string? filter, int limit, string? continuation, Func<TableEntity, T> map, CancellationToken ct)
    {
        await foreach (var page in table.QueryAsync<TableEntity>(filter, limit, cancellationToken: ct).AsPages(continuation, limit).ConfigureAwait(false))
        {
            return new StorePage<T>(page.Values.Select(map).ToList(), string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new StorePage<T>([], null);
    }
}
