using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Composition;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Records;
using SyncFunctions.Storage.Queues;
using SyncFunctions.Storage.Tables;

namespace SyncFunctions.DeviceSync;

/// <summary>The Serve face: Base device sync (sessions, queue pages, queued acks, the session reaper) and the records API.</summary>
internal static class DeviceSyncRegistration
{
    public static IServiceCollection AddDeviceSync(this IServiceCollection services, SyncFunctionsSettings settings)
    {
        services.AddSingleton(settings.DeviceSync);
        services.AddSingleton(new AckKeyCodec(CursorCodec.DeriveKey(settings.MasterKey, "syncfunctions/ack-keys/v1")));
        services.AddSingleton<RecordTypeNames>();
        services.AddSingleton<DeviceSyncService>();
        services.AddSingleton<DeviceAckApplier>();
        services.AddSingleton<SyncSessionReaper>();
        services.AddSingleton<RecordListService>();
        return services;
    }
}
