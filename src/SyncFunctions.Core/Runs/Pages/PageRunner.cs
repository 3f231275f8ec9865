using System.Text.Json.Nodes;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Engine.Placeholders;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.Runs.Pages;

/// <summary>One page of one unit of one entry of a run: where it starts (the page state) is all the orchestrator keeps.</summary>
/// <param name="State">The page to fetch; null for the first.</param>
/// <param name="ParentKey">For a depends_on entry: the parent record this unit runs for (<see cref="IRunParentStore"/>).</param>
/// <param name="UnitTotals">What the unit did before this page (for progress reports).</param>
/// <param name="MayWait">A transient upstream failure will be retried after a durable wait: it is not a page error yet.</param>
/// <param name="Plan">The entry as planned when the run started: the pages read no integration, job or unified model.</param>
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
/// The body of the page activity: from a unit's position, fetch and persist page after page until the unit is done,
/// a page fails, or the budget is spent. The entry's plan comes with the work (<see cref="PageWork.Plan"/>, made once
/// when the run started); the run and the account (variables, credentials) are read once per call; each page re-reads
/// only the run's status before it writes. A retried call repeats the same pages, which change detection makes harmless.
/// </summary>
public sealed class PageRunner(IRunStore runs, AccountService accounts, IUpstreamClient upstream, IPageSink sink, IRunParentStore parents, RunErrorLedger ledger, RunRateLimitMarker rateLimits, RunPacing pacing, TimeProvider clock)
{
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
        var unit = await OpenAsync(work, ct);
        var state = work.State ?? unit.Paginator.Start();
        var concurrency = unit.Run.ErrorHandling == ErrorHandlingModes.FailFast || unit.Run.WebhookId is not null ? 1 : budget.StoreConcurrency;
        var stores = new PageStorePipeline(concurrency, pageDone);
        // Under fail_fast no page is asked for before the one ahead of it proved valid.
        var fetchDepth = unit.Run.ErrorHandling == ErrorHandlingModes.FailFast ? 1 : budget.FetchConcurrency;
        var ahead = new PageReadAhead<FetchedPage>(next => FetchAsync(unit, work, next, ct), unit.Paginator.Predict, fetchDepth);
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

    private async Task<PageOutcome> StoreAsync(UnitContext unit, PageWork work, PageState state, FetchedPage fetched, CancellationToken ct)
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

    /// <summary>A page read from the upstream, not yet stored.</summary>
    private sealed record FetchedPage(ExtractedRecords Records, PageState Next, ResourceDefinition Resource);

    /// <summary>Everything a unit's pages share, resolved once per activity.</summary>
    private sealed record UnitContext(
        SyncJobRun Run,
        IntegratedAccount Account,
        IReadOnlyDictionary<string, string> Credentials,
        IntegrationDefinition Integration,
        SyncJobPlanEntry Entry,
        PlaceholderContext Context,
        DateTimeOffset? Since,
        IPaginator Paginator)
    {
        /// <summary>A unified entry's mapper (its raw records become unified ones); null for a proxy entry.</summary>
        public UnifiedRecordMapper? Mapper { get; init; }

        /// <summary>A unified entry's query, mapped to the raw resource's parameters; null for a proxy entry.</summary>
        public IReadOnlyDictionary<string, string>? MappedQuery { get; init; }
    }

    private async Task<UnitContext> OpenAsync(PageWork work, CancellationToken ct)
    {
        var planned = work.Plan ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition,
            $"Run {work.RunId} was started by an older version that did not plan its entries up front; start a new run.");
        var run = await ActiveRunAsync(work, ct);
        var (account, credentials) = await accounts.OpenAsync(work.EnvironmentId, run.IntegratedAccountId, ct);
        var integration = planned.Upstream;
        var entry = planned.Entry(run.Args);
        var since = run.FullSync || run.PreviousRunDate is null ? (DateTimeOffset?)null : run.PreviousRunDate.Value - pacing.IncrementalOverlap;
        var context = entry.ContextFor(entry.Units[work.UnitIndex], new PlaceholderContext
        {
            Args = run.Args,
            Account = account.Variables,

            // Truto's convention: a first or full sync has the epoch as its previous run date.
            PreviousRunDate = since ?? DateTimeOffset.UnixEpoch,
        });
        context = await WithAncestorsAsync(context, planned, work, ct);
        var mapper = entry.Unified is { } binding ? new UnifiedRecordMapper(binding) : null;
        return new UnitContext(run, account, credentials, integration, entry, context, since, RequestBuilder.PaginatorFor(integration, entry.FetchResource, entry.FetchMethod))
        {
            Mapper = mapper,
            MappedQuery = mapper?.Query(entry.Definition, context),
        };
    }

    private async Task<FetchedPage> FetchAsync(UnitContext unit, PageWork work, PageState state, CancellationToken ct)
    {
        var (_, account, credentials, integration, entry, context, since, paginator) = unit;
        // A unified entry's own query speaks the model's language: only its mapped form reaches the upstream.
        var request = unit.Mapper is null
            ? RequestBuilder.Build(integration, entry.Resource, entry.Method, entry.Definition, context, state, since)
            : RequestBuilder.Build(integration, entry.FetchResource, entry.FetchMethod, entry.Definition with { Query = null }, context, state, since, unit.MappedQuery);
        var key = $"{work.EnvironmentId}/{account.Id}";
        // Several pages of one run may wait at once; the first 429 marks the run, and whoever marked it unmarks it.
        Task<bool>? marking = null;
        var call = new UpstreamCall(
            request,
            new UpstreamAuthContext(integration.Auth, credentials, RequestBuilder.BaseUrl(integration, context), key),
            key,
            integration.RateLimit?.RequestsPerSecond,
            OnRetry: retry =>
            {
                if (retry.RateLimited && marking is null)
                {
                    marking = rateLimits.RateLimitedAsync(work.EnvironmentId, work.RunId, retry.Delay, CancellationToken.None);
                }
            },
            SingleRecord: entry.FetchMethod == ResourceMethods.Get);
        UpstreamResponse response;
        try
        {
            response = await upstream.SendAsync(call, ct);
        }
        finally
        {
            if (marking is not null && await marking)
            {
                await rateLimits.ResumedAsync(work.EnvironmentId, work.RunId, CancellationToken.None);
            }
        }

        var (resource, endpoint) = Endpoints.Require(integration, entry.FetchResource, entry.FetchMethod);
        var extracted = new RecordExtractor(resource, endpoint, entry.FetchMethod).Extract(response.Body);
        if (unit.Mapper is { } mapper)
        {
            // One in, one out (valid or invalid), so the paginator's count below is still the page's.
            extracted = await mapper.MapAsync(extracted);
        }

        var next = paginator.Next(
            state,
            new UpstreamPage(response.FinalUrl, response.Body, extracted.Count, response.Headers.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)[h.Value], StringComparer.OrdinalIgnoreCase)));

        return new FetchedPage(extracted, next, resource);
    }

    private async Task<SyncJobRun> ActiveRunAsync(PageWork work, CancellationToken ct)
    {
        var run = await runs.GetAsync(work.EnvironmentId, work.RunId, ct)
            ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, $"Run {work.RunId} does not exist.");
        return run.Status.IsActive() ? run : throw new RunEndedException(run.Id, run.Status);
    }

    /// <summary>Puts the parent record this unit runs for, and that record's own ancestors, into the placeholder context.</summary>
    private async Task<PlaceholderContext> WithAncestorsAsync(PlaceholderContext context, EntryPlan entry, PageWork work, CancellationToken ct)
    {
        var key = work.ParentKey;
        foreach (var ancestor in entry.Ancestors)
        {
            var parent = key is null ? null : await parents.GetAsync(work.EnvironmentId, work.RunId, ancestor.EntryIndex, key, ct);
            if (parent is null)
            {
                throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition,
                    $"resources[{entry.EntryIndex}] depends on {ancestor.Resource}, but the parent record this unit runs for is no longer kept (key {key ?? "none"}).");
            }

            context = context.WithParent(ancestor.Resource, parent.Data);
            key = parent.ParentKey;
        }

        return context;
    }
}
