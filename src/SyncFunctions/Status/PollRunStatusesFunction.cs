using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Runs;
using SyncFunctions.Runs;

namespace SyncFunctions.Status;

/// <summary>Copies active runs' orchestration progress and final states into the runs table (see <see cref="RunStatusPoller"/>).</summary>
public sealed class PollRunStatusesFunction(RunStatusPoller poller, ILogger<PollRunStatusesFunction> logger)
{
    public const string Name = "PollRunStatuses";

    /// <summary>Every 10 seconds (NCRONTAB with seconds).</summary>
    public const string Schedule = "*/10 * * * * *";

    [Function(Name)]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        var result = await poller.PollAsync(new DurableRunInstanceReader(client), ct);
        if (result.Reconciled > 0)
        {
            logger.LogWarning("Reconciled {Count} runs whose orchestration ended outside the run lifecycle.", result.Reconciled);
        }
    }
}
