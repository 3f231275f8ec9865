namespace SyncFunctions.Core.DeviceSync;

/// <summary>
/// What the hub knows about one device of an environment. <see cref="AckedThrough"/> is the
/// device's watermark on the change feed: nothing at or below it needs sending. Acknowledgements
/// above it are kept as separate rows until the watermark passes them. <see cref="ServedThrough"/>
/// is the highest revision any of its sessions could have sent: a record first written above it
/// cannot be on the device, so its delete need not be sent.
/// </summary>
public sealed record DeviceState(string EnvironmentId, string DeviceUuid, long AckedThrough, long ServedThrough, string? ETag)
{
    public static DeviceState New(string environmentId, string deviceUuid) => new(environmentId, deviceUuid, 0, 0, null);
}

public interface IDeviceStateStore
{
    /// <summary>The device's state; a new device's (zeros, no ETag) when none is stored.</summary>
    Task<DeviceState> GetAsync(string environmentId, string deviceUuid, CancellationToken ct);

    /// <summary>Inserts (no ETag) or replaces (under the ETag) the state; <see cref="Accounts.ConcurrencyException"/> if someone else wrote first.</summary>
    Task SaveAsync(DeviceState state, CancellationToken ct);

    /// <summary>Revisions the device acknowledged in (<paramref name="afterRevision"/>, <paramref name="throughRevision"/>] (no upper bound when null).</summary>
    Task<IReadOnlySet<long>> ReadAcksAsync(string environmentId, string deviceUuid, long afterRevision, long? throughRevision, CancellationToken ct);

    /// <summary>Records acknowledgements; idempotent.</summary>
    Task AddAcksAsync(string environmentId, string deviceUuid, IReadOnlyCollection<long> revisions, CancellationToken ct);

    /// <summary>Forgets acknowledgements the watermark has passed; rows already gone are fine.</summary>
    Task DeleteAcksAsync(string environmentId, string deviceUuid, IReadOnlyCollection<long> revisions, CancellationToken ct);
}
