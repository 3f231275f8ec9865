using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncFunctions.Core.DeviceSync;

/// <summary>
/// Acknowledgements on their way from <c>POST v2/sync/ack</c> to the queue-triggered function that
/// applies them. Only checked keys get here, reduced to the revisions they name.
/// </summary>
public sealed record AckMessage(
    [property: JsonPropertyName("environment_id")] string EnvironmentId,
    [property: JsonPropertyName("device_uuid")] string DeviceUuid,
    [property: JsonPropertyName("revisions")] IReadOnlyList<long> Revisions)
{
    /// <summary>Revisions per message: keeps a message well under the 64 KB queue limit after Base64.</summary>
    public const int MaxRevisions = 1000;

    public string ToJson() => JsonSerializer.Serialize(this, AckMessageJson.Default.AckMessage);

    /// <summary>The message, or null when it is not one of ours (a poison message: retrying cannot help).</summary>
    public static AckMessage? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var message = JsonSerializer.Deserialize(text, AckMessageJson.Default.AckMessage);
            return message is { EnvironmentId.Length: > 0, DeviceUuid.Length: > 0, Revisions: not null }
                && Guid.TryParseExact(message.DeviceUuid, "D", out _)
                && message.Revisions.All(r => r > 0)
                ? message
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public interface IDeviceAckQueue
{
    Task EnqueueAsync(AckMessage message, CancellationToken ct);
}

[JsonSerializable(typeof(AckMessage))]
internal sealed partial class AckMessageJson : JsonSerializerContext;
