using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Webhooks;

/// <summary>
/// Queues the run lifecycle webhook events. Best effort on purpose: the run is already stored, and an API call or
/// activity must not fail (leaving a run without its orchestration, or retrying finished work) because an event
/// could not be queued; the miss is logged instead.
/// </summary>
public sealed partial class WebhookRunObserver(RunWebhookEvents events, ILogger<WebhookRunObserver> logger) : IRunObserver
{
    public async Task OnRunChangedAsync(SyncJobRun run, RunTransition transition, CancellationToken ct)
    {
        try
        {
            await events.PublishAsync(run, transition, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            NotQueued(logger, run.Id, transition, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook event for run {RunId} ({Transition}) could not be queued: {Error}.")]
    private static partial void NotQueued(ILogger logger, string runId, RunTransition transition, string error);
}
