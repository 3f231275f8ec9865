using Microsoft.Extensions.Logging.Abstractions;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.DeviceSync;
using SyncFunctions.Storage.Queues;
using SyncFunctions.Testing.App;
using SyncFunctions.Tests.Queues;

namespace SyncFunctions.Tests.DeviceSync;

/// <summary>The host's part for <see cref="ApplyDeviceAcksFunction"/>: drains the app's ack queue through it.</summary>
public sealed class AckPump(TestApp app, string connectionString)
    : QueuePump(connectionString, app.Get<DeviceAckQueueName>().Value, text => Create(app).Run(text, default))
{
    public ApplyDeviceAcksFunction Function => Create(app);

    private static ApplyDeviceAcksFunction Create(TestApp app) => new(app.Get<DeviceAckApplier>(), NullLogger<ApplyDeviceAcksFunction>.Instance);
}
