using SyncFunctions.Core.Records;

namespace SyncFunctions.Core.DeviceSync;

/// <summary>
/// A device as one API key syncs it. The same UUID sent with another key is another device: its state, acks and
/// sessions belong to the key, so one key can neither see nor move another key's progress.
/// </summary>
public sealed record DeviceRef(string EnvironmentId, string KeyId, string DeviceUuid);

/// <summary>
/// A device's position on one feed. <see cref="AckedThrough"/> is its watermark: nothing of the feed at or below it
/// needs sending; acknowledgements above it are kept as separate rows until the watermark passes them.
/// <see cref="ServedThrough"/> is the highest revision of the feed any of its sessions could have sent: a record first
/// written above it cannot be on the device, so its delete need not be sent. <see cref="Touched"/> is when the mark was
/// last written (null for a feed the device never synced): starts take the least recently touched feeds first.
/// </summary>
public sealed record FeedMark(long AckedThrough, long ServedThrough, string? ETag = null, DateTimeOffset? Touched = null)
{
    public static FeedMark New { get; } = new(0, 0);

    /// <summary>Same position (the ETag and time of the stored row aside).</summary>
    public bool SamePosition(FeedMark other) => AckedThrough == other.AckedThrough && ServedThrough == other.ServedThrough;
}

/// <summary>What the hub knows about a device: a vector of marks, one per feed the device was ever served from.</summary>
public sealed record DeviceState(DeviceRef Device, IReadOnlyDictionary<FeedId, FeedMark> Feeds)
{
    public FeedMark Mark(FeedId feed) => Feeds.GetValueOrDefault(feed) ?? FeedMark.New;
}

/// <summary>One acknowledged revision of one feed.</summary>
public readonly record struct FeedRevision(FeedId Feed, long Revision);
