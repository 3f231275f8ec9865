namespace SyncFunctions.Core.DeviceSync;

public interface IDeviceAckQueue
{
    Task EnqueueAsync(AckMessage message, CancellationToken ct);
}
