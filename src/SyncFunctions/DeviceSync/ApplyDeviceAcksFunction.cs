using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Storage;

namespace SyncFunctions.DeviceSync;

/// <summary>
/// Applies device acknowledgements queued by <c>POST v2/sync/ack</c>. The host deletes a message
/// only when this returns; if it throws (storage unavailable), the message reappears after the
/// visibility timeout and is retried, and after host.json's <c>maxDequeueCount</c> it goes to the
/// poison queue. A message that is not an ack message is logged and dropped: retrying cannot fix it.
/// </summary>
public sealed class ApplyDeviceAcksFunction(DeviceAckApplier applier, ILogger<ApplyDeviceAcksFunction> logger)
{
    public const string Name = "ApplyDeviceAcks";
    public const string Connection = "AzureWebJobsStorage";

    [Function(Name)]
    public async Task Run([QueueTrigger(QueueNames.DeviceAcks, Connection = Connection)] string message, CancellationToken ct)
    {
        var outcome = await applier.ApplyAsync(message, ct);
        if (outcome.Malformed)
        {
            logger.LogWarning("Dropped a queue message that is not a device ack message ({Length} characters).", message?.Length ?? 0);
        }
        else
        {
            logger.LogInformation("Applied {Applied} device acks; {Stale} were already settled.", outcome.Applied, outcome.Stale);
        }
    }
}
