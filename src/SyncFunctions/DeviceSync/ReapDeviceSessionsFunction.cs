using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.DeviceSync;

namespace SyncFunctions.DeviceSync;

/// <summary>Deletes idle device sync sessions. Expired sessions are refused (404) and their slots reused even before this runs; it keeps the table small.</summary>
public sealed class ReapDeviceSessionsFunction(SyncSessionReaper reaper, ILogger<ReapDeviceSessionsFunction> logger)
{
    public const string Name = "ReapDeviceSessions";

    /// <summary>Every 5 minutes (NCRONTAB with seconds).</summary>
    public const string Schedule = "0 */5 * * * *";

    [Function(Name)]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken ct)
    {
        var reaped = await reaper.ReapAsync(ct);
        if (reaped > 0)
        {
            logger.LogInformation("Reaped {Count} idle device sync sessions.", reaped);
        }
    }
}
