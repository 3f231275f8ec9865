using Azure.Data.Tables;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Entity group transactions as Azure accepts them: one partition, at most 100 actions and 4 MiB.
/// Azurite accepts more, so the limits are enforced here rather than discovered in production.
/// </summary>
public static class TableBatches
{
    public const int MaxActions = 100;

    // Below the 4 MiB request limit, leaving room for the multipart envelope.
    public const long MaxPayloadBytes = 3 * 1024 * 1024;

    public static async Task SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken ct)
    {
        if (actions.Count == 0)
        {
            return;
        }

        var partition = actions[0].Entity.PartitionKey;
        if (actions.Any(a => a.Entity.PartitionKey != partition))
        {
            throw new InvalidOperationException("A table transaction must stay within one partition.");
        }

        var batch = new List<TableTransactionAction>(MaxActions);
        long size = 0;
        foreach (var action in actions)
        {
            var entitySize = EstimateBytes(action.Entity);
            if (batch.Count == MaxActions || (batch.Count > 0 && size + entitySize > MaxPayloadBytes))
            {
                await table.SubmitTransactionAsync(batch, ct).ConfigureAwait(false);
                batch = new List<TableTransactionAction>(MaxActions);
                size = 0;
            }

            batch.Add(action);
            size += entitySize;
        }

        await table.SubmitTransactionAsync(batch, ct).ConfigureAwait(false);
    }

    /// <summary>A generous estimate of an entity's size on the wire (JSON, strings escaped at worst ×2).</summary>
    public static long EstimateBytes(ITableEntity entity)
    {
        long size = 256 + ((entity.PartitionKey.Length + entity.RowKey.Length) * 2);
        if (entity is TableEntity dictionary)
        {
            foreach (var (name, value) in dictionary)
            {
                size += 64 + (name.Length * 2) + (value is string s ? s.Length * 2 : 32);
            }
        }

        return size;
    }
}
