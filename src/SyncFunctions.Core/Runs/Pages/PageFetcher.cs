using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Engine.Placeholders;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.Runs.Pages;

/// <summary>A page read from the upstream, not yet stored: its records, where the listing goes on, and the resource it is of.</summary>
public sealed record FetchedPage(ExtractedRecords Records, PageState Next, ResourceDefinition Resource);

/// <summary>
/// The upstream half of the page engine: opens a unit from its planned entry (<see cref="PageWork.Plan"/>) with the
/// account's variables and credentials and the parent records it runs for, then fetches page after page — request,
/// records, next state. It reads no definition and writes nothing but the run's rate-limited mark.
/// </summary>
public sealed class PageFetcher(AccountService accounts, IUpstreamClient upstream, IRunParentStore parents, RunRateLimitMarker rateLimits, RunPacing pacing)
{
    /// <summary>The entry's plan the work carries; work written before plans were carried fails as a configuration error.</summary>
    public static EntryPlan PlanOf(PageWork work) => work.Plan ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition,
        $"Run {work.RunId} was started by an older version that did not plan its entries up front; start a new run.");

    /// <summary>The unit of <paramref name="work"/> for <paramref name="run"/> (active, read by the caller), ready to fetch.</summary>
    public async Task<UnitFetch> OpenAsync(PageWork work, EntryPlan planned, SyncJobRun run, CancellationToken ct)
    {
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
        return new UnitFetch(this, work, run, account, credentials, integration, entry, context, since, RequestBuilder.PaginatorFor(integration, entry.FetchResource, entry.FetchMethod))
        {
            Mapper = mapper,
            MappedQuery = mapper?.Query(entry.Definition, context),
        };
    }

    internal async Task<FetchedPage> FetchAsync(UnitFetch unit, PageState state, CancellationToken ct)
    {
        var (work, account, credentials, integration, entry, context, since) = (unit.Work, unit.Account, unit.Credentials, unit.Integration, unit.Entry, unit.Context, unit.Since);
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

        var next = unit.Paginator.Next(
            state,
            new UpstreamPage(response.FinalUrl, response.Body, extracted.Count, response.Headers.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)[h.Value], StringComparer.OrdinalIgnoreCase)));

        return new FetchedPage(extracted, next, resource);
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

/// <summary>
/// One unit, opened: everything its pages share, resolved once per page activity. A class, not a record: it holds the
/// account's credentials, which a record's generated ToString would print.
/// </summary>
public sealed class UnitFetch(
    PageFetcher fetcher,
    PageWork work,
    SyncJobRun run,
    IntegratedAccount account,
    IReadOnlyDictionary<string, string> credentials,
    IntegrationDefinition integration,
    SyncJobPlanEntry entry,
    PlaceholderContext context,
    DateTimeOffset? since,
    IPaginator paginator)
{
    public PageWork Work => work;

    public SyncJobRun Run => run;

    public IntegratedAccount Account => account;

    public IReadOnlyDictionary<string, string> Credentials => credentials;

    public IntegrationDefinition Integration => integration;

    public SyncJobPlanEntry Entry => entry;

    public PlaceholderContext Context => context;

    /// <summary>The start of an incremental run's window (the previous run's start less the overlap); null for a full sync.</summary>
    public DateTimeOffset? Since => since;

    public IPaginator Paginator => paginator;

    /// <summary>A unified entry's mapper (its raw records become unified ones); null for a proxy entry.</summary>
    public UnifiedRecordMapper? Mapper { get; init; }

    /// <summary>A unified entry's query, mapped to the raw resource's parameters; null for a proxy entry.</summary>
    public IReadOnlyDictionary<string, string>? MappedQuery { get; init; }

    /// <summary>The page at <paramref name="state"/>: fetched, its records extracted (and mapped), the next state known.</summary>
    public Task<FetchedPage> FetchAsync(PageState state, CancellationToken ct) => fetcher.FetchAsync(this, state, ct);
}
