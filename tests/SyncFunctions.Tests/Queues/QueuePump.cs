using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace SyncFunctions.Tests.Queues;

/// <summary>
/// Does what the Functions host does for a queue trigger: receives messages from the app's queue on Azurite (hiding
/// each for a visibility timeout), decodes each as the trigger does (<see cref="QueueTriggerDecoding"/>: host.json's
/// message encoding, strict UTF-8), runs the function on the text, and deletes the message only when it returned.
/// </summary>
public class QueuePump(string connectionString, string queueName, Func<string, Task> function)
{
    /// <summary>The queue as stored: this client does not decode, so what the app wrote is seen as the trigger sees it.</summary>
    public QueueClient Queue { get; } = new(connectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

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
        await function(Decode(message));
        await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
    }

    /// <summary>The text the queue trigger hands the function for this stored message.</summary>
    public static string Decode(QueueMessage message) => QueueTriggerDecoding.Decode(message);
}
