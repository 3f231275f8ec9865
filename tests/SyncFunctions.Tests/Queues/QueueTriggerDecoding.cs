using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using SyncFunctions.Tests.Build;

namespace SyncFunctions.Tests.Queues;

/// <summary>
/// How the Storage queue trigger (Microsoft.Azure.WebJobs.Extensions.Storage.Queues 5.x, host side) turns a stored
/// message into the string the function receives, from its source:
/// <list type="bullet">
/// <item>the trigger's queue client decodes message text with <c>QueuesOptions.MessageEncoding</c>, bound from host.json
/// <c>extensions.queues.messageEncoding</c> and <c>Base64</c> when unset (QueuesOptions.cs;
/// QueueServiceClientProvider.CreateClientOptions); text that does not decode goes to the poison queue
/// (CreateMessageDecodingFailedHandler), never to the function;</item>
/// <item>the body becomes a string as strict UTF-8, throwing on invalid bytes (Storage.Common/BinaryDataExtensions.ToValidUTF8String,
/// used by StorageQueueMessageToStringConverter).</item>
/// </list>
/// The encoding is read from the host.json the build puts beside the worker, the one the host reads.
/// </summary>
public static class QueueTriggerDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string HostJsonPath => Path.Combine(RepositoryPaths.AppOutput, "host.json");

    /// <summary>host.json's <c>extensions.queues.messageEncoding</c>, or the extension's default.</summary>
    public static QueueMessageEncoding MessageEncoding { get; } = ReadEncoding();

    /// <summary>The function's input for a message as stored (read with a client that does not decode).</summary>
    public static string Decode(QueueMessage stored) => Decode(stored.Body.ToString(), MessageEncoding);

    public static string Decode(string storedText, QueueMessageEncoding encoding)
    {
        byte[] body;
        try
        {
            body = encoding == QueueMessageEncoding.Base64 ? Convert.FromBase64String(storedText) : Encoding.UTF8.GetBytes(storedText);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"The queue trigger cannot decode this message as {encoding} and moves it to the poison queue: '{Shorten(storedText)}'", ex);
        }

        return StrictUtf8.GetString(body);
    }

    private static QueueMessageEncoding ReadEncoding()
    {
        Assert.True(File.Exists(HostJsonPath), $"{HostJsonPath} is missing: build src/SyncFunctions first.");
        using var hostJson = JsonDocument.Parse(File.ReadAllText(HostJsonPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var value = Find(hostJson.RootElement, "extensions", "queues", "messageEncoding");

        // Configuration binding reads enums case-insensitively.
        return value is null ? QueueMessageEncoding.Base64
            : Enum.TryParse<QueueMessageEncoding>(value, ignoreCase: true, out var encoding) ? encoding
            : throw new InvalidDataException($"host.json extensions.queues.messageEncoding '{value}' is not a QueueMessageEncoding");
    }

    // host.json keys are configuration keys: case-insensitive.
    private static string? Find(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var match = element.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault();
            if (match is not { } child)
            {
                return null;
            }

            element = child;
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
