using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Runs.Pages;

using SyncFunctions.Core.Security;

namespace SyncFunctions.Core.Runs;

/// <summary>Writes and reads the error ledger of a run, shaped by the run's error_handling.</summary>
public sealed class RunErrorLedger(IRunErrorStore errors, IRunStore runs, RunWebhookEvents events, CursorCodec cursors, TimeProvider clock)
{
    /// <summary>Position of a page's own error, after any record errors of the same page.</summary>
    private const int PageErrorPosition = 999_999;

    /// <summary>
    /// Records the invalid and rejected records of one page: one entry each, or under batch one entry for the page.
    /// </summary>
    public async Task RecordRecordErrorsAsync(
        SyncJobRun run, PageWork work, string resource, string method, IReadOnlyList<InvalidRecord> invalid, IReadOnlyList<RejectedRecord> rejected, CancellationToken ct)
    {
        var list = invalid.Select(i => new RecordError(i.Id, i.Index, i.Reason, i.Message) { Field = i.Field })
            .Concat(rejected.Select(r => new RecordError(r.Id, null, "record_rejected", r.Reason)))
            .ToList();
        if (list.Count == 0)
        {
            return;
        }

        var page = work.State?.Index ?? 0;
        var loop = work.UnitIndex;
        var now = clock.GetUtcNow();
        var entries = run.ErrorHandling == ErrorHandlingModes.Batch
            ? [new RunErrorEntry(RunErrorKeys.For(work, page, 0), RunErrorTypes.Batch, resource, method, page, loop, work.ParentKey, null,
                "record_errors", $"{list.Count} record(s) of page {page} failed.", null, list, now)]
            : list.Select((e, i) => new RunErrorEntry(RunErrorKeys.For(work, page, i), RunErrorTypes.Record, resource, method, page, loop, work.ParentKey,
                e.RecordId, e.ErrorCode, e.Message, e.Index is { } index ? $"element {index} of the page" : null, null, now) { Field = e.Field }).ToList();
        await errors.AddAsync(run.EnvironmentId, run.Id, entries, ct);
        await events.PublishErrorsAsync(run, entries, ct);
    }

    /// <summary>Records the error that stopped a page (and, under ignore and batch, the rest of its unit).</summary>
    public async Task RecordPageErrorAsync(PageWork work, RunFailure failure, CancellationToken ct)
    {
        var run = await runs.GetAsync(work.EnvironmentId, work.RunId, ct);
        if (run is null || work.EntryIndex >= run.Resources.Count)
        {
            return;
        }

        var entry = run.Resources[work.EntryIndex];
        var page = work.State?.Index ?? 0;
        RunErrorEntry[] entries =
        [
            new RunErrorEntry(RunErrorKeys.For(work, page, PageErrorPosition), RunErrorTypes.Page, entry.Resource ?? "", entry.Method ?? "", page, work.UnitIndex,
                work.ParentKey, null, failure.Code, failure.Message, failure.Detail, null, clock.GetUtcNow(), work.State),
        ];
        await errors.AddAsync(run.EnvironmentId, run.Id, entries, ct);
        await events.PublishErrorsAsync(run, entries, ct);
    }

    public async Task<CursorPage<RunErrorEntry>> ListAsync(Tenant tenant, string runId, string? cursor, int limit, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        if (await runs.GetAsync(environmentId, runId, ct) is not { } run || !tenant.MaySee(run.IntegratedAccountId))
        {
            throw ApiException.NotFound("The sync job run", "id");
        }

        var scope = $"run-errors:{environmentId}:{runId}";
        var page = await errors.ListAsync(environmentId, runId, limit, cursors.Decode(scope, cursor), ct);
        return new CursorPage<RunErrorEntry>(page.Items, page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }
}
