using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Pagination;

namespace SyncFunctions.Core.Runs.Pages;

/// <summary>
/// What a stretch of pages did (<see cref="Outcome"/>, null when its first page failed), and the error that ends the
/// unit, if any: an expected failure, returned rather than thrown. <see cref="PageFailed"/>: the error is a page's
/// (counted as a page error), not a record error under fail_fast or the run having ended. <see cref="WaitAndRetryAt"/>:
/// the upstream is unreachable for now; the unit waits and tries again from this page (nothing was ledgered).
/// </summary>
public sealed record PageResult(PageOutcome? Outcome, RunFailure? Error, bool PageFailed = false, PageState? WaitAndRetryAt = null);

/// <summary>
/// The page activity's body: pages a unit on from its position for as long as the page budget allows (one Durable
/// round trip for many pages), reports its progress, and turns what ended the stretch into a <see cref="PageResult"/>:
/// a page error goes into the run's ledger, a transient upstream failure becomes a wait when the unit may wait, and a
/// run that ended meanwhile just ends the unit. Anything unexpected throws, and Durable retries from the same position.
/// </summary>
public sealed class UnitPages(PageRunner pages, PageBudget budget, UnitProgressReporter progress, RunErrorLedger ledger)
{
    public async Task<PageResult> RunAsync(PageWork input, CancellationToken ct)
    {
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
                return new PageResult(run.Outcome, new RunFailure(error.Code, error.Message, error.Field, RunErrorKind.Other), WaitAndRetryAt: run.FailedPage!.State!);
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
            // The unit could not even start paging (its parent record is gone, or its work carries no plan).
            return new PageResult(null, await FailedAsync(input, ex, ct), PageFailed: true);
        }
    }

    private async Task<RunFailure> FailedAsync(PageWork page, SyncEngineException ex, CancellationToken ct)
    {
        var kind = ex.Kind is UpstreamErrorKind.Config or UpstreamErrorKind.Auth ? RunErrorKind.Configuration : RunErrorKind.Other;
        var failure = new RunFailure(ex.Code, ex.Message, ex.Field, kind);
        await ledger.RecordPageErrorAsync(page, failure, ct);
        return failure;
    }
}
