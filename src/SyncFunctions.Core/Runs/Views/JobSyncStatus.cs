using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.SyncJobs;

using SyncFunctions.Core.Security;

namespace SyncFunctions.Core.Runs.Views;

/// <summary>One Braze job_sync_status item (DESIGN.md: rows_synced = records_updated, rows_failed_with_errors = failed + invalids).</summary>
public sealed record JobSyncStatusItem(
    string JobStatus,
    DateTimeOffset? SyncStartTime,
    DateTimeOffset? SyncFinishTime,
    DateTimeOffset? LastTimestampSynced,
    long RowsSynced,
    long RowsFailedWithErrors)
{
    public static JobSyncStatusItem From(SyncJobRun run) => new(
        StatusViews.Braze(run.Status, run.Outcome)!,
        run.StartedAt,
        run.FinishedAt,
        run.LastTimestampSynced,
        run.Counters.RecordsUpdated,
        run.Counters.RecordsFailed + run.Counters.SourceRecordInvalids);
}

/// <param name="PrevCursor">Null on the first page.</param>
/// <param name="NextCursor">Null on the last page.</param>
public sealed record JobSyncStatusPage(IReadOnlyList<JobSyncStatusItem> Results, string? PrevCursor, string? NextCursor);

/// <summary>
/// Braze's <c>job_sync_status</c>: a job's runs newest first, exactly <see cref="PageSize"/> a page. A cursor is the
/// position after which its page starts, signed and bound to the environment and job; the empty position is the first page.
/// </summary>
public sealed class JobSyncStatusService(SyncJobService jobs, IJobRunIndex index, IRunStore runs, CursorCodec cursors)
{
    public const int PageSize = 10;
    public const string InvalidIdCode = "invalid_integration_id";

    /// <summary>A restricted key sees the runs of its accounts only.</summary>
    public async Task<JobSyncStatusPage> ListAsync(Tenant tenant, string syncJobId, string? cursor, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        try
        {
            await jobs.GetAsync(environmentId, syncJobId, ct);
        }
        catch (ApiException ex) when (ex.Kind == ProblemKind.NotFound)
        {
            throw new ApiException(ProblemKind.Invalid, InvalidIdCode, "Invalid integration ID", "The sync job was not found.", "id");
        }

        var scope = $"job_sync_status:{environmentId}:{syncJobId}";
        var after = cursors.Decode(scope, cursor) is { Length: > 0 } position ? position : null;

        // One more than a page, to know whether a next page exists.
        var live = new List<(JobRunEntry Entry, SyncJobRun Run)>();
        var from = after;
        while (live.Count <= PageSize)
        {
            var want = PageSize + 1 - live.Count;
            var batch = await index.ReadAfterAsync(environmentId, syncJobId, from, want, ct);
            foreach (var entry in batch)
            {
                var run = await runs.GetAsync(environmentId, entry.RunId, ct);
                if (run is null)
                {
                    await index.RemoveAsync(environmentId, syncJobId, entry.Position, ct); // the run was deleted
                }
                else if (tenant.MaySee(run.IntegratedAccountId))
                {
                    live.Add((entry, run));
                }
            }

            if (batch.Count < want)
            {
                break;
            }

            from = batch[^1].Position;
        }

        var page = live.Take(PageSize).ToList();
        var next = live.Count > PageSize ? cursors.Encode(scope, page[^1].Entry.Position) : null;
        string? prev = null;
        if (after is not null)
        {
            // The previous page is the PageSize entries ending at `after`; one more tells whether it is the first.
            var newer = await index.ReadUpToAsync(environmentId, syncJobId, after, PageSize + 1, ct);
            if (newer.Count > 0)
            {
                prev = cursors.Encode(scope, newer.Count > PageSize ? newer[0].Position : "");
            }
        }

        return new JobSyncStatusPage(page.Select(p => JobSyncStatusItem.From(p.Run)).ToList(), prev, next);
    }
}
