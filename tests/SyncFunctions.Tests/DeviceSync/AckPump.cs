using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging.Abstractions;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Queues;
using SyncFunctions.Storage.Queues;
using SyncFunctions.Testing.App;

namespace SyncFunctions.Tests.DeviceSync;

/// <summary>
/// Does what the Functions host does for the queue trigger: receives messages from the app's ack
/// queue on Azurite (hiding each for a visibility timeout), runs <see cref="ApplyDeviceAcksFunction"/>
/// on the text, and deletes the message only when the function returned.
/// </summary>
public sealed class AckPump(TestApp app, string connectionString)
{
    public QueueClient Queue { get; } = new(connectionString, app.Get<DeviceAckQueueName>().Value, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public ApplyDeviceAcksFunction Function => new(app.Get<DeviceAckApplier>(), NullLogger<ApplyDeviceAcksFunction>.Instance);

    /// <summary>Processes messages until the queue is empty; returns how many.</summary>
    public async Task<int> DrainAsync()
    {
        await Queue.CreateIfNotExistsAsync();
        var processed = 0;
        while (true)
        {
            var messages = (await Queue.ReceiveMessagesAsync(maxMessages: 16, visibilityTimeout: TimeSpan.FromSeconds(30))).Value;
            if (messages.Length == 0)
            {
                return processed;
            }

            foreach (var message in messages)
            {
                await ProcessAsync(message);
                processed++;
            }
        }
    }

    public async Task ProcessAsync(QueueMessage message)
    {
        await Function.Run(message.Body.ToString(), default);
        await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
    }
}
