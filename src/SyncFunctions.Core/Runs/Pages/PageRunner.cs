using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Pagination;

namespace SyncFunctions.Core.Runs.Pages;

/// <summary>One page of one unit of one entry of a run: where it starts (the page state) is all the orchestrator keeps.</summary>
/// <param name="State">The page to fetch; null for the first.</param>
/// <param name="ParentKey">For a depends_on entry: the parent record this unit runs for (<see cref="IRunParentStore"/>).</param>
/// <param name="UnitTotals">What the unit did before this page (for progress reports).</param>
/// <param name="MayWait">A transient upstream failure will be retried after a durable wait: it is not a page error yet.</param>
/// <param name="Plan">The entry as planned when the run was admitted: the pages read no integration, job or unified model.</param>
public sealed record PageWork(string EnvironmentId, string RunId, int EntryIndex, int UnitIndex, PageState? State, string? ParentKey = null, EntryTotals? UnitTotals = null, bool MayWait = false, EntryPlan? Plan = null);

/// <summary>What one page, or a stretch of pages, did: small enough for orchestration history.</summary>
public sealed record PageOutcome(
    PageState Next,
    long Fetched,
    long Invalid,
    long Created,
    long Updated,
    long Deleted,
    long Unchanged,
    long Rejected,
    DateTimeOffset? MaxUpdatedAt)
{
    public long Persisted => Created + Updated + Deleted + Unchanged;

    /// <summary>Under fail_fast, the record error that ends the run after this page (its valid records are kept).</summary>
    public RunFailure? RecordFailure { get; init; }

    /// <summary>This stretch followed by <paramref name="later"/>: summed, ending where the later one ends.</summary>
    public PageOutcome Add(PageOutcome later) => new(
        later.Next,
        Fetched + later.Fetched,
        Invalid + later.Invalid,
        Created + later.Created,
        Updated + later.Updated,
        Deleted + later.Deleted,
        Unchanged + later.Unchanged,
        Rejected + later.Rejected,
        MaxUpdatedAt is { } mine && later.MaxUpdatedAt is { } theirs ? (mine > theirs ? mine : theirs) : MaxUpdatedAt ?? later.MaxUpdatedAt)
    {
        RecordFailure = RecordFailure ?? later.RecordFailure,
    };
}

/// <summary>How long one page activity pages on: well under the function timeout, and few enough pages to redo after a crash.</summary>
/// <param name="StoreConcurrency">How many fetched pages one activity stores at once (1: strictly one after another).</param>
/// <param name="FetchConcurrency">How many pages one activity asks the upstream for at once, where the pagination can predict them (page numbers, offsets).</param>
public sealed record PageBudget(TimeSpan MaxDuration, int MaxPages, int StoreConcurrency = PageBudget.DefaultStoreConcurrency, int FetchConcurrency = PageBudget.DefaultFetchConcurrency)
{
    public const int DefaultStoreConcurrency = 4;
    public const int DefaultFetchConcurrency = 4;

    public static PageBudget Default { get; } = new(TimeSpan.FromSeconds(20), 1000);
}

/// <summary>
/// What a stretch of pages did: their summed outcome (null when the first page failed), and, when a page failed, that
/// page (its state is where a retry starts) and the error. Pages before a failed one are stored and counted.
/// </summary>
public sealed record PageRun(PageOutcome? Outcome, PageWork? FailedPage, SyncEngineException? Error);

/// <summary>
/// What a stretch of pages did (<see cref="Outcome"/>, null when its first page failed), and the error that ends the
/// unit, if any: an expected failure, returned rather than thrown. <see cref="PageFailed"/>: the error is a page's
/// (counted as a page error), not a record error under fail_fast or the run having ended. <see cref="WaitAndRetryAt"/>:
/// the upstream is unreachable for now; the unit waits and tries again from this page (nothing was ledgered).
/// </summary>
public sealed record PageResult(PageOutcome? Outcome, RunFailure? Error, bool PageFailed = false, PageState? WaitAndRetryAt = null);

/// <summary>
/// The page engine, the body of the page activity: from a unit's position, fetch (<see cref="PageFetcher"/>) and
/// store (<see cref="IPageSink"/>) page after page until the unit is done, a page fails, or the budget is spent — one
/// Durable round trip for many pages. The entry's plan comes with the work (<see cref="PageWork.Plan"/>, made once when
/// the run was admitted); the run and the account are read once per call; each page re-reads only the run's status
/// before it writes. A retried call repeats the same pages, which change detection makes harmless.
/// </summary>
public sealed class PageRunner(IRunStore runs, PageFetcher fetcher, IPageSink sink, RunErrorLedger ledger, UnitProgressReporter progress, PageBudget budget, TimeProvider clock)
{
    /// <summary>
    /// Pages a unit on from its position for the page budget, reports its progress, and turns what ended the stretch
    /// into a <see cref="PageResult"/>: a page error goes into the run's ledger, a transient upstream failure becomes a
    /// wait when the unit may wait, and a run that ended meanwhile just ends the unit. Anything unexpected throws, and
    /// Durable retries from the same position.
    /// </summary>
    public async Task<PageResult> RunUnitAsync(PageWork input, CancellationToken ct)
    {
        try
        {
            var tracker = progress.Start(input);
            var run = await RunAsync(input, budget, ct, tracker.PageDoneAsync);
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

    /// <param name="pageDone">Called after each stored page with what this call's pages did so far (pages in order).</param>
    /// <remarks>
    /// Fetching is sequential (the next position is known once a page is read), but up to
    /// <see cref="PageBudget.StoreConcurrency"/> fetched pages are stored at once, so upstream time and storage round
    /// trips overlap. A page waits for any page in flight that shares a record id with it, so two writes of one record
    /// never race. Pages count, and the position moves, only in order: what this call returns is the stretch of pages
    /// stored without a gap, and a retry from there rewrites what later pages stored, harmlessly (change detection).
    /// Under fail_fast and for webhook delivery pages are stored one at a time, in order. A prefetched page the budget
    /// or a failure leaves unused is dropped unstored.
    /// </remarks>
    public async Task<PageRun> RunAsync(PageWork work, PageBudget budget, CancellationToken ct, Func<PageOutcome, CancellationToken, Task>? pageDone = null)
    {
        var started = clock.GetTimestamp();
        var plan = PageFetcher.PlanOf(work); // before anything is read
        var unit = await fetcher.OpenAsync(work, plan, await ActiveRunAsync(work, ct), ct);
        var state = work.State ?? unit.Paginator.Start();
        var concurrency = unit.Run.ErrorHandling == ErrorHandlingModes.FailFast || unit.Run.WebhookId is not null ? 1 : budget.StoreConcurrency;
        var stores = new PageStorePipeline(concurrency, pageDone);
        // Under fail_fast no page is asked for before the one ahead of it proved valid.
        var fetchDepth = unit.Run.ErrorHandling == ErrorHandlingModes.FailFast ? 1 : budget.FetchConcurrency;
        var ahead = new PageReadAhead<FetchedPage>(next => unit.FetchAsync(next, ct), unit.Paginator.Predict, fetchDepth);
        ahead.Start(state, budget.MaxPages);
        try
        {
            for (var pages = 1; ; pages++)
            {
                var page = work with { State = state };
                FetchedPage fetched;
                try
                {
                    fetched = await ahead.TakeAsync();
                }
                catch (SyncEngineException error)
                {
                    await ahead.DropAllAsync();
                    return await stores.EndAsync(page, error, ct);
                }

                // Under fail_fast a page with invalid records is the last one: nothing is asked of the upstream after it.
                var more = !fetched.Next.Done && pages < budget.MaxPages && clock.GetElapsedTime(started) < budget.MaxDuration
                    && !(fetched.Records.Invalid.Count > 0 && unit.Run.ErrorHandling == ErrorHandlingModes.FailFast);
                await ahead.ContinueAsync(fetched.Next, more ? budget.MaxPages - pages : 0);

                var ids = fetched.Records.Valid.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
                if (await stores.WaitForRoomAsync(ids, ct) is { } ended)
                {
                    return ended;
                }

                if (await stores.AddAsync(page, ids, StoreAsync(unit, page, state, fetched, ct), ct) is { } stopped)
                {
                    return stopped;
                }

                state = fetched.Next;
                if (!ahead.HasPending)
                {
                    return await stores.EndAsync(null, null, ct);
                }
            }
        }
        finally
        {
            await ahead.DropAllAsync();
            await stores.DrainAsync();
        }
    }

    private async Task<PageOutcome> StoreAsync(UnitFetch unit, PageWork work, PageState state, FetchedPage fetched, CancellationToken ct)
    {
        var (entry, extracted) = (unit.Entry, fetched.Records);
        var (run, outcome, rejected) = await sink.TakeAsync(
            new PageRecords(work, unit.Run, entry, fetched.Resource, state, fetched.Next, extracted),
            token => ActiveRunAsync(work, token),
            ct);
        await ledger.RecordRecordErrorsAsync(run, work, entry.Resource, entry.Method, extracted.Invalid, rejected, ct);
        var failed = extracted.Invalid.Count + rejected.Count;
        if (failed == 0 || run.ErrorHandling != ErrorHandlingModes.FailFast)
        {
            return outcome;
        }

        var first = extracted.Invalid.Select(i => (i.Reason, i.Message)).Concat(rejected.Select(r => ("record_rejected", r.Reason))).First();
        return outcome with
        {
            RecordFailure = new RunFailure(first.Item1, $"{entry.Resource} ({entry.Method}): {first.Item2}", $"{failed} record(s) of page {state.Index} failed; see the run's errors.", RunErrorKind.Other),
        };
    }

    private async Task<SyncJobRun> ActiveRunAsync(PageWork work, CancellationToken ct)
    {
        var run = await runs.GetAsync(work.EnvironmentId, work.RunId, ct)
            ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, $"Run {work.RunId} does not exist.");
        return run.Status.IsActive() ? run : throw new RunEndedException(run.Id, run.Status);
    }

    private async Task<RunFailure> FailedAsync(PageWork page, SyncEngineException ex, CancellationToken ct)
    {
        var kind = ex.Kind is UpstreamErrorKind.Config or UpstreamErrorKind.Auth ? RunErrorKind.Configuration : RunErrorKind.Other;
        var failure = new RunFailure(ex.Code, ex.Message, ex.Field, kind);
        await ledger.RecordPageErrorAsync(page, failure, ct);
        return failure;
    }
}
