using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Runs;
using SyncFunctions.Durable;
using SyncFunctions.Telemetry;

namespace SyncFunctions.Runs.Activities;

/// <summary>
/// What a stretch of pages did (<see cref="Outcome"/>, null when its first page failed), and the error that ends the
/// unit, if any: an expected failure, returned rather than thrown. <see cref="PageFailed"/>: the error is a page's
/// (counted as a page error), not a record error under fail_fast or the run having ended. <see cref="WaitAndRetryAt"/>:
/// the upstream is unreachable for now; the unit waits and tries again from this page (nothing was ledgered).
/// </summary>
public sealed record PageResult(PageOutcome? Outcome, RunFailure? Error, bool PageFailed = false, PageState? WaitAndRetryAt = null);

/// <summary>
/// Fetches and persists a unit's pages from its position for as long as the page budget allows (one Durable round
/// trip for many pages). Unexpected failures throw and are retried by Durable from the same position; storage that cannot be reached throws
/// <see cref="StorageUnavailableException"/>, which the unit waits out (<see cref="Durable.ActivityRetry"/>).
/// </summary>
public sealed partial class FetchPagesActivity(PageRunner pages, PageBudget budget, UnitProgressReporter progress, RunErrorLedger ledger, RunLogScope scope, ILogger<FetchPagesActivity> logger)
{
    public const string Name = "FetchPages";

    [Function(Name)]
    public Task<PageResult> Run([ActivityTrigger] PageWork input, CancellationToken ct) =>
        StorageUnavailableException.GuardAsync(() => RunAsync(input, ct));

    private async Task<PageResult> RunAsync(PageWork input, CancellationToken ct)
    {
        using var _ = logger.BeginScope(await scope.ForAsync(input.EnvironmentId, input.RunId, ct));
        try
        {
            var tracker = progress.Start(input);
            var run = await pages.RunAsync(input, budget, ct, tracker.PageDoneAsync);
            await tracker.FinishAsync(run.Outcome, ct);
            if (run.Error is not { } error)
            {
                return new PageResult(run.Outcome, run.Outcome?.RecordFailure);
            }

            if (input.MayWait && error.Kind == UpstreamErrorKind.Transient)
            {
                var failedAt = run.FailedPage!.State!;
                OutageWait(logger, input.RunId, input.EntryIndex, input.UnitIndex, error.Code);
                return new PageResult(run.Outcome, new RunFailure(error.Code, error.Message, error.Field, RunErrorKind.Other), WaitAndRetryAt: failedAt);
            }

            return new PageResult(run.Outcome, await FailedAsync(run.FailedPage!, error, ct), PageFailed: true);
        }
        catch (RunEndedException ended)
        {
            // Not a page error: nothing to put in the ledger of a run that is over. Ending the unit is all that is left.
            return new PageResult(null, new RunFailure(RunEndedException.Code, ended.Message, null, RunErrorKind.Configuration));
        }
        catch (SyncEngineException ex)
        {
            // The unit could not even start paging (its integration or parent record is gone).
            return new PageResult(null, await FailedAsync(input, ex, ct), PageFailed: true);
        }
    }

    private async Task<RunFailure> FailedAsync(PageWork page, SyncEngineException ex, CancellationToken ct)
    {
        var kind = ex.Kind is UpstreamErrorKind.Config or UpstreamErrorKind.Auth ? RunErrorKind.Configuration : RunErrorKind.Other;
        var failure = new RunFailure(ex.Code, ex.Message, ex.Field, kind);
        await ledger.RecordPageErrorAsync(page, failure, ct);
        PageFailed(logger, page.RunId, page.EntryIndex, page.UnitIndex, ex.Code);
        return failure;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the upstream of entry {EntryIndex} unit {UnitIndex} is unreachable ({ErrorCode}); the unit waits and retries")]
    private static partial void OutageWait(ILogger logger, string runId, int entryIndex, int unitIndex, string errorCode);

    // The code only: upstream messages can echo request details.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: a page of entry {EntryIndex} unit {UnitIndex} failed with {ErrorCode}")]
    private static partial void PageFailed(ILogger logger, string runId, int entryIndex, int unitIndex, string errorCode);
}
