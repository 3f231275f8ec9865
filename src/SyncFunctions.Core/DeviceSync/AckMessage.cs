using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncFunctions.Core.DeviceSync;

/// <summary>
/// Acknowledgements on their way from <c>POST v2/sync/ack</c> to the queue-triggered function that
/// applies them. Only checked keys get here, reduced to what they name: per feed tag, revisions. The API key id
/// and device UUID name the device state they apply to (a device's state belongs to the key that syncs it).
/// </summary>
public sealed record AckMessage(
    [property: JsonPropertyName("environment_id")] string EnvironmentId,
    [property: JsonPropertyName("key_id")] string KeyId,
    [property: JsonPropertyName("device_uuid")] string DeviceUuid,
    [property: JsonPropertyName("feeds")] IReadOnlyList<FeedAcks> Feeds)
{
    /// <summary>Revisions per message: keeps a message well under the 64 KB queue limit after Base64.</summary>
    public const int MaxRevisions = 1000;

    public DeviceRef Device => new(EnvironmentId, KeyId, DeviceUuid);

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
            return message is { EnvironmentId.Length: > 0, KeyId.Length: > 0, DeviceUuid.Length: > 0, Feeds: not null }
                && Guid.TryParseExact(message.DeviceUuid, "D", out _)
                && message.Feeds.All(f => f is { Feed.Length: > 0, Revisions: not null } && f.Revisions.All(r => r > 0))
                ? message
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Acknowledged revisions in messages of at most <see cref="MaxRevisions"/>, grouped by feed tag.</summary>
    public static IEnumerable<AckMessage> Split(DeviceRef device, IEnumerable<AckedRevision> acks) =>
        acks.Distinct().OrderBy(a => a.FeedTag, StringComparer.Ordinal).ThenBy(a => a.Revision).Chunk(MaxRevisions).Select(chunk => new AckMessage(
            device.EnvironmentId,
            device.KeyId,
            device.DeviceUuid,
            chunk.GroupBy(a => a.FeedTag, StringComparer.Ordinal).Select(g => new FeedAcks(g.Key, g.Select(a => a.Revision).ToList())).ToList()));
}

/// <summary>Revisions acknowledged on one feed, the feed named by its tag (<see cref="AckKeyCodec.FeedTag"/>).</summary>
public sealed record FeedAcks(
    [property: JsonPropertyName("feed")] string Feed,
    [property: JsonPropertyName("revisions")] IReadOnlyList<long> Revisions);

[JsonSerializable(typeof(AckMessage))]
internal sealed partial class AckMessageJson : JsonSerializerContext;
