using SyncFunctions.Core.Records;

namespace SyncFunctions.Core.DeviceSync;

public interface IDeviceStateStore
{
    /// <summary>The device's marks (none for a new device): one read of the device's own rows.</summary>
    Task<DeviceState> GetAsync(DeviceRef device, CancellationToken ct);

    /// <summary>
    /// Writes marks in one transaction (at most <see cref="DeviceSyncOptions.MaxFeedsPerSession"/>): a mark without ETag is
    /// inserted, one with an ETag replaced under it; <see cref="Concurrency.ConcurrencyException"/> if anyone wrote first.
    /// </summary>
    Task SaveAsync(DeviceRef device, IReadOnlyDictionary<FeedId, FeedMark> marks, CancellationToken ct);

    /// <summary>Every acknowledgement row the device has (rows live only until the watermark passes them).</summary>
    Task<IReadOnlyList<FeedRevision>> ReadAcksAsync(DeviceRef device, CancellationToken ct);

    /// <summary>Revisions of <paramref name="feed"/> the device acknowledged in (<paramref name="afterRevision"/>, <paramref name="throughRevision"/>].</summary>
    Task<IReadOnlySet<long>> ReadAcksAsync(DeviceRef device, FeedId feed, long afterRevision, long throughRevision, CancellationToken ct);

    /// <summary>Records acknowledgements; idempotent.</summary>
    Task AddAcksAsync(DeviceRef device, IReadOnlyCollection<FeedRevision> acks, CancellationToken ct);

    /// <summary>Forgets acknowledgements the watermark has passed; rows already gone are fine.</summary>
    Task DeleteAcksAsync(DeviceRef device, IReadOnlyCollection<FeedRevision> acks, CancellationToken ct);
}
