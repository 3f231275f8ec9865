using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Webhooks;

namespace SyncFunctions.Core.Runs.Pages;

/// <summary>
/// Page delivery (Truto's RapidBridge): a run created with a <c>webhook_id</c> POSTs each page's valid records to
/// that webhook as one <see cref="WebhookEvents.Record"/> event instead of writing them to the record store.
/// </summary>
public sealed class WebhookPageDelivery(WebhookDispatcher dispatcher)
{
    /// <param name="page">The page that was fetched (its index makes the delivery id).</param>
    /// <param name="next">Where the listing goes on, returned in the outcome.</param>
    public async Task<PageOutcome> DeliverAsync(
        SyncJobRun run, PageWork work, SyncJobPlanEntry entry, PageState page, PageState next, ExtractedRecords extracted, CancellationToken ct)
    {
        var valid = extracted.Valid;
        var maxUpdatedAt = valid.Max(r => r.UpdatedAt);
        var none = new PageOutcome(next, extracted.Count, extracted.Invalid.Count, 0, 0, 0, 0, 0, null);
        if (valid.Count == 0)
        {
            return none; // an empty last page is not worth a request
        }

        var payload = new JsonObject
        {
            ["sync_job_run_id"] = run.Id,
            ["sync_job_id"] = run.SyncJobId,
            ["integrated_account_id"] = run.IntegratedAccountId,
            ["resource"] = entry.Resource,
            ["method"] = entry.Method,
            ["full_sync"] = run.FullSync,
            ["page_index"] = page.Index,
            ["last_page"] = next.Done,
            ["records"] = new JsonArray([.. valid.Select(r => (JsonNode)r.Data.DeepClone())]),
        };
        if (entry.LoopArgument is not null)
        {
            payload["loop_on"] = entry.LoopArgument;
            payload["loop_item"] = entry.Units[work.UnitIndex].LoopItem?.DeepClone();
        }

        if (!await dispatcher.DispatchAsync(run.EnvironmentId, run.WebhookId!, WebhookEvents.Record, DeliveryId(run.Id, work, page), payload, ct))
        {
            return none;
        }

        // Delivered counts as persisted: the receiver is the store. It cannot say what was new, so all of it is an update.
        var deleted = valid.Count(r => r.Deleted);
        return new PageOutcome(next, extracted.Count, extracted.Invalid.Count, 0, valid.Count - deleted, deleted, 0, 0, maxUpdatedAt);
    }

    /// <summary>Run, entry, unit and page position: the same when an activity retries the page, so receivers can drop the duplicate.</summary>
    public static string DeliveryId(string runId, PageWork work, PageState page) =>
        work.ParentKey is null
            ? $"{runId}:{work.EntryIndex}:{work.UnitIndex}:{page.Index}"
            : $"{runId}:{work.EntryIndex}:{work.UnitIndex}:{work.ParentKey}:{page.Index}";
}
