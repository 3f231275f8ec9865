using Azure;
using Azure.Data.Tables;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// The per-environment revision counter. A block of revisions is taken with one optimistic
/// update (ETag), so concurrent runs never share a revision and a page costs one round trip.
/// </summary>
public sealed class TableRevisionCounter(TableStore tables)
{
    private const string Table = "counters";
    private const string Row = "revision";

    /// <summary>Reserves <paramref name="count"/> revisions; returns the first.</summary>
    public async Task<long> AllocateAsync(string environmentId, int count, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(environmentId, Row, cancellationToken: ct).ConfigureAwait(false);
            try
            {
                if (!current.HasValue)
                {
                    await table.AddEntityAsync(new TableEntity(environmentId, Row) { ["Value"] = (long)count }, ct).ConfigureAwait(false);
                    return 1;
                }

                var last = current.Value!.GetInt64("Value") ?? 0;
                current.Value["Value"] = last + count;
                await table.UpdateEntityAsync(current.Value, current.Value.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                return last + 1;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 50)
            {
                // Another writer took a block first; read again. Jitter keeps racing writers apart.
                await Task.Delay(Random.Shared.Next(5, 20 + (attempt * 10)), ct).ConfigureAwait(false);
            }
        }
    }
}
