using Azure.Data.Tables;
using SyncFunctions.Core.Health;
using SyncFunctions.Storage.Tables;

namespace SyncFunctions.Storage.Health;

/// <summary>Writes, reads back and deletes one entity and one queue message, proving both data paths work.</summary>
public sealed class StorageRoundTrip(StorageClients clients, TableStore tables) : IStorageRoundTrip
{
    public async Task<IReadOnlyDictionary<string, string>> RunAsync(string probeId, CancellationToken ct)
    {
        var payload = Guid.NewGuid().ToString("N");

        var table = await tables.GetAsync("selftest", ct).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(probeId, "probe") { ["Payload"] = payload }, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        var read = await table.GetEntityAsync<TableEntity>(probeId, "probe", cancellationToken: ct).ConfigureAwait(false);
        await table.DeleteEntityAsync(probeId, "probe", cancellationToken: ct).ConfigureAwait(false);
        var tableResult = read.Value.GetString("Payload") == payload ? HealthCheckResult.Ok : "mismatch";

        var queue = clients.Queues.GetQueueClient(QueueNames.For(tables.Prefix, "selftest"));
        await queue.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        await queue.SendMessageAsync(probeId + ":" + payload, ct).ConfigureAwait(false);
        var queueResult = "missing";
        var received = await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        foreach (var message in received.Value)
        {
            if (message.Body.ToString() == probeId + ":" + payload)
            {
                queueResult = HealthCheckResult.Ok;
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct).ConfigureAwait(false);
            }
            else
            {
                // Another probe's message: hand it straight back rather than hide it for 30 s.
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: ct).ConfigureAwait(false);
            }
        }

        return new Dictionary<string, string> { ["tables"] = tableResult, ["queues"] = queueResult };
    }
}
