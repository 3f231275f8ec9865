using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace SyncFunctions.Schedules;

/// <summary>Starts the runs of due cron triggers (see <see cref="CronScheduler"/>).</summary>
public sealed class FireCronTriggersFunction(CronScheduler scheduler, ILogger<FireCronTriggersFunction> logger)
{
    public const string Name = "FireCronTriggers";

    /// <summary>At second 0 of every minute (NCRONTAB with seconds); trigger schedules have minute resolution.</summary>
    public const string Schedule = "0 * * * * *";

    [Function(Name)]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        var result = await scheduler.FireDueAsync(client, ct);
        if (result.Started + result.Failed > 0)
        {
            logger.LogInformation("Cron triggers: {Started} runs started, {Failed} refused.", result.Started, result.Failed);
        }
    }
}
