using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Json;
using SyncFunctions.Core.Runs.Views;
using SyncFunctions.Core.Webhooks;

namespace SyncFunctions.Core.Runs;

/// <summary>
/// Turns run changes and ledger entries into webhook events (<c>sync_job_run:created|started|completed|failed|record_error</c>)
/// for every webhook of the environment that subscribes, queued one message per webhook so a slow receiver never
/// holds up an API call or an activity. Delivery ids are deterministic, so a repeated notification is one delivery
/// to a receiver that de-duplicates.
/// </summary>
public sealed class RunWebhookEvents(IWebhookStore webhooks, IWebhookEventQueue queue)
{
    /// <summary>Errors per <c>record_error</c> event; more are split over several, keeping each queue message small.</summary>
    public const int ErrorsPerEvent = 50;

    /// <summary>A stopped run is reported as failed (Census: failed + canceled; Braze: error); a skipped run was never started.</summary>
    public static string? EventFor(SyncJobRun run, RunTransition transition) => transition switch
    {
        RunTransition.Created when run.Status == RunStatus.Queued => WebhookEvents.Created,
        RunTransition.Started => WebhookEvents.Started,
        RunTransition.Finished when run.Status == RunStatus.Completed => WebhookEvents.Completed,
        RunTransition.Finished when run.Status is RunStatus.Failed or RunStatus.Stopped => WebhookEvents.Failed,
        _ => null,
    };

    public async Task PublishAsync(SyncJobRun run, RunTransition transition, CancellationToken ct)
    {
        if (EventFor(run, transition) is not { } name)
        {
            return;
        }

        var targets = await SubscribersAsync(run.EnvironmentId, name, ct);
        if (targets.Count == 0)
        {
            return;
        }

        // The run as GET sync-job-run/{id} shows it, without the embedded job (it is one GET away).
        var payload = JsonSerializer.SerializeToNode(RunView.From(run, null), WireJson.Tolerant)!.AsObject();
        var deliveryId = $"{run.Id}:{name[(name.IndexOf(':') + 1)..]}";
        foreach (var webhook in targets)
        {
            await queue.EnqueueAsync(new WebhookEventMessage(run.EnvironmentId, webhook, name, deliveryId, (JsonObject)payload.DeepClone()), ct);
        }
    }

    /// <summary>One event per ledger entry: one error each under ignore and fail_fast, a page's errors together under batch.</summary>
    public async Task PublishErrorsAsync(SyncJobRun run, IReadOnlyList<RunErrorEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var targets = await SubscribersAsync(run.EnvironmentId, WebhookEvents.RecordError, ct);
        foreach (var entry in targets.Count == 0 ? [] : entries)
        {
            var errors = entry.Errors is { Count: > 0 } list
                ? list.Select(e => new JsonObject { ["record_id"] = e.RecordId, ["index"] = e.Index, ["error_code"] = e.ErrorCode, ["message"] = e.Message }).ToList()
                : [new JsonObject { ["record_id"] = entry.RecordId, ["index"] = null, ["error_code"] = entry.ErrorCode, ["message"] = entry.Message, ["detail"] = entry.Detail }];
            var chunks = errors.Chunk(ErrorsPerEvent).ToList();
            for (var i = 0; i < chunks.Count; i++)
            {
                var deliveryId = chunks.Count == 1 ? $"{run.Id}:error:{entry.Key}" : $"{run.Id}:error:{entry.Key}:{i}";
                foreach (var webhook in targets)
                {
                    var payload = new JsonObject
                    {
                        ["sync_job_run_id"] = run.Id,
                        ["sync_job_id"] = run.SyncJobId,
                        ["integrated_account_id"] = run.IntegratedAccountId,
                        ["error_handling"] = run.ErrorHandling,
                        ["type"] = entry.Type,
                        ["resource"] = entry.Resource,
                        ["method"] = entry.Method,
                        ["page"] = entry.Page,
                        ["loop_index"] = entry.LoopIndex,
                        ["parent_key"] = entry.ParentKey,
                        ["errors"] = new JsonArray([.. chunks[i].Select(e => (JsonNode)e.DeepClone())]),
                        ["created_at"] = JsonSerializer.SerializeToNode(entry.CreatedAt, WireJson.Tolerant),
                    };
                    await queue.EnqueueAsync(new WebhookEventMessage(run.EnvironmentId, webhook, WebhookEvents.RecordError, deliveryId, payload), ct);
                }
            }
        }
    }

    private async Task<IReadOnlyList<string>> SubscribersAsync(string environmentId, string eventName, CancellationToken ct)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = await webhooks.ListAsync(environmentId, 100, continuation, ct);
            ids.AddRange(page.Items.Where(w => w.Subscribes(eventName)).Select(w => w.Id));
            continuation = page.Continuation;
        }
        while (continuation is not null);
        return ids;
    }
}
