using Azure.Data.Tables;
using SyncFunctions.Core.Health;
using SyncFunctions.Storage.Tables;

namespace SyncFunctions.Storage.Health;

/// <summary>Writes, reads back and deletes one entity and one queue message (in a queue of its own), proving both data paths work.</summary>
public sealed class StorageRoundTrip(StorageClients clients, TableStore tables) : IStorageRoundTrip
{
    public async Task<IReadOnlyDictionary<string, string>> RunAsync(string probeId, CancellationToken ct)
    {
        var payload = Guid.NewGuid().ToString("N");

        var table = await tables.GetAsync(TableLayout.SelfTest.Name, ct).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(probeId, "probe") { ["Payload"] = payload }, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        var read = await table.GetEntityAsync<TableEntity>(probeId, "probe", cancellationToken: ct).ConfigureAwait(false);
        await table.DeleteEntityAsync(probeId, "probe", cancellationToken: ct).ConfigureAwait(false);
        var tableResult = read.Value.GetString("Payload") == payload ? HealthCheckResult.Ok : "mismatch";

        // A queue of its own: on a shared queue, concurrent probes received (and hid) each other's messages.
        var queue = clients.Queues.GetQueueClient(QueueNames.For(tables.Prefix, "st-" + Guid.NewGuid().ToString("N")));
        var queueResult = "missing";
        await queue.CreateAsync(cancellationToken: ct).ConfigureAwait(false);
        try
        {
            await queue.SendMessageAsync(probeId + ":" + payload, ct).ConfigureAwait(false);
            var received = await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            if (received.Value.Length == 1 && received.Value[0].Body.ToString() == probeId + ":" + payload)
            {
                queueResult = HealthCheckResult.Ok;
            }
        }
        finally
        {
            await queue.DeleteIfExistsAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return new Dictionary<string, string> { ["tables"] = tableResult, ["queues"] = queueResult };
    }
}
