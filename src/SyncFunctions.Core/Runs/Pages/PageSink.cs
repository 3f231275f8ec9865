using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.SyncJobs;

namespace SyncFunctions.Core.Runs.Pages;

/// <summary>A fetched page's records on their way out, with the run, unit and entry they belong to.</summary>
/// <param name="Run">The run as the page activity read it when it began (its options; not a fresh status).</param>
/// <param name="Resource">The fetched resource's definition (delete tracking).</param>
/// <param name="Page">The page that was fetched.</param>
/// <param name="Next">Where the listing goes on.</param>
public sealed record PageRecords(PageWork Work, SyncJobRun Run, SyncJobPlanEntry Entry, ResourceDefinition Resource, PageState Page, PageState Next, ExtractedRecords Records);

/// <summary>What became of a page's records: the run as the fence last read it, the page's counts, the records refused.</summary>
public sealed record PageTaken(SyncJobRun Run, PageOutcome Outcome, IReadOnlyList<RejectedRecord> Rejected);

/// <summary>
/// The run's sink: records go to the record store, or to the run's webhook; a parent entry's records are kept for
/// its children; a full listing marks what it saw so that the run's end can tombstone the rest.
/// </summary>
public sealed class RunPageSink(IRecordStore records, IRunParentStore parents, WebhookPageDelivery webhookPages) : IPageSink
{
    public async Task<PageTaken> TakeAsync(PageRecords page, Func<CancellationToken, Task<SyncJobRun>> fence, CancellationToken ct)
    {
        var (work, run, entry, resource, state, next, extracted) = page;
        var scope = new RecordScope(work.EnvironmentId, run.IntegratedAccountId, entry.Resource);
        if (!entry.Persist || run.WebhookId is not null)
        {
            var active = await fence(ct);
            await SaveParentsAsync(active, work, entry, extracted, ct);
            return entry.Persist
                ? new PageTaken(active, await webhookPages.DeliverAsync(active, work, entry, state, next, extracted, ct), [])
                : new PageTaken(active, new PageOutcome(next, extracted.Count, extracted.Invalid.Count, 0, 0, 0, 0, 0, extracted.Valid.Max(r => r.UpdatedAt)), []);
        }

        // The fence runs as the store's own: alongside its read of the records' state, before any write. The parent
        // records and the seen set (other tables) are written once it passed, alongside the records.
        var sideWrites = Task.CompletedTask;
        async Task Fence(CancellationToken token)
        {
            run = await fence(token);
            sideWrites = Task.WhenAll(
                SaveParentsAsync(run, work, entry, extracted, token),
                TracksDeletes(run, resource, entry)
                    ? records.MarkSeenAsync(scope, run.Id, extracted.Valid.Where(r => !r.Deleted).Select(r => r.Id).ToList(), token)
                    : Task.CompletedTask);
        }

        var outcome = await records.PersistAsync(
            scope,
            run.Id,
            extracted.Valid.Select(r => new IncomingRecord(r.Id, r.ContentHash, r.Deleted ? null : (JsonObject)r.Data.DeepClone(), r.UpdatedAt, r.Deleted)).ToList(),
            ct,
            Fence);
        await sideWrites;

        return new PageTaken(run, new PageOutcome(
            next,
            extracted.Count,
            extracted.Invalid.Count,
            outcome.Created,
            outcome.Updated,
            outcome.Deleted,
            outcome.Unchanged,
            outcome.Rejected.Count,
            outcome.MaxUpdatedAt), outcome.Rejected);
    }

    /// <summary>
    /// Absence means deletion only when a full sync listed the whole resource into the store (not to a webhook, and
    /// not a partial retry).
    /// </summary>
    public static bool TracksDeletes(SyncJobRun run, ResourceDefinition resource, SyncJobPlanEntry entry) =>
        run.FullSync && run.RetryTargets is null && resource.TrackDeletes == true && entry.FetchMethod == ResourceMethods.List && entry.Persist && run.WebhookId is null;

    // Children run once per record of this page, after this whole entry is done; they read the record from here.
    private Task SaveParentsAsync(SyncJobRun run, PageWork work, SyncJobPlanEntry entry, ExtractedRecords extracted, CancellationToken ct) =>
        entry.Children.Count == 0
            ? Task.CompletedTask
            : parents.SaveAsync(work.EnvironmentId, run.Id, entry.Index, extracted.Valid
                .Where(r => !r.Deleted)
                .Select(r => new ParentRecord(RunParentKeys.For(work.UnitIndex, work.ParentKey, r.Id), r.Data, work.ParentKey))
                .ToList(), ct);
}
