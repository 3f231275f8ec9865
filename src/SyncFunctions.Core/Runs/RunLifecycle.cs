using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Concurrency;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Runs.Pages;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.Runs;

public sealed record RunRef(string EnvironmentId, string RunId);

/// <summary>The plan as the orchestrator needs it: which entries, in which stages, how many units each.</summary>
/// <param name="PagesPerGeneration">Pages a unit orchestration handles before ContinueAsNew, keeping its history bounded.</param>
/// <param name="UnitWindow">Units of one entry running at once.</param>
/// <param name="RetryTargets">A partial retry: only these units of root entries run (see <see cref="SyncJobRun.RetryTargets"/>).</param>
/// <param name="Outage">How long a unit rides out an upstream that stays unreachable before its page counts as failed.</param>
/// <param name="Plans">
/// Each entry as planned at the start, handed to its units and their pages (<see cref="EntryPlan"/>). Null in a
/// checkpoint written before plans were carried: such a run's pages fail as a configuration error (start it again).
/// </param>
public sealed record RunPlanSummary(bool Proceed, IReadOnlyList<IReadOnlyList<EntrySummary>> Stages, string ErrorHandling, int PagesPerGeneration, int UnitWindow, IReadOnlyList<RetryTarget>? RetryTargets = null, OutageWaits? Outage = null, IReadOnlyList<EntryPlan>? Plans = null)
{
    public IEnumerable<EntrySummary> Entries => Stages.SelectMany(s => s);

    /// <summary>The plan of the entry at <paramref name="entryIndex"/>; null when the summary carries none.</summary>
    public EntryPlan? PlanOf(int entryIndex) => Plans?.FirstOrDefault(p => p.EntryIndex == entryIndex);
}

/// <summary>How runs are paced; from settings, handed to the orchestrators through the plan so they stay deterministic.</summary>
/// <param name="IncrementalOverlap">
/// Incremental runs ask for changes since the previous run's start minus this much: upstreams that
/// stamp whole seconds (or whose clocks drift) would otherwise hide changes made around that instant.
/// Re-fetched records are unchanged and not rewritten, so the overlap costs reads only.
/// </param>
public sealed record RunPacing(int PagesPerGeneration = 50, int UnitWindow = 4, TimeSpan IncrementalOverlap = default, OutageWaits? Outage = null)
{
    public static TimeSpan DefaultIncrementalOverlap { get; } = TimeSpan.FromSeconds(60);
}

public sealed record EntrySummary(int EntryIndex, string Resource, string Method, int? ParentIndex, int UnitCount, bool TracksDeletes);

/// <summary>Sums of page outcomes for one entry.</summary>
public sealed record EntryTotals(int EntryIndex, long Fetched, long Invalid, long Created, long Updated, long Deleted, long Unchanged, long Rejected, long PageErrors, DateTimeOffset? MaxUpdatedAt)
{
    public static EntryTotals Zero(int entryIndex) => new(entryIndex, 0, 0, 0, 0, 0, 0, 0, 0, null);

    public long Persisted => Created + Updated + Deleted + Unchanged;

    public EntryTotals Add(PageOutcome page) =>
        Add(new EntryTotals(EntryIndex, page.Fetched, page.Invalid, page.Created, page.Updated, page.Deleted, page.Unchanged, page.Rejected, 0, page.MaxUpdatedAt));

    public EntryTotals Add(EntryTotals other) => this with
    {
        Fetched = Fetched + other.Fetched,
        Invalid = Invalid + other.Invalid,
        Created = Created + other.Created,
        Updated = Updated + other.Updated,
        Deleted = Deleted + other.Deleted,
        Unchanged = Unchanged + other.Unchanged,
        Rejected = Rejected + other.Rejected,
        PageErrors = PageErrors + other.PageErrors,
        MaxUpdatedAt = Max(MaxUpdatedAt, other.MaxUpdatedAt),
    };

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);
}

public sealed record RunFailure(string Code, string Message, string? Detail, RunErrorKind Kind);

/// <param name="Failure">What ended the run, when it failed.</param>
/// <param name="Ignored">The first page error that error_handling ignore/batch skipped past; the run still completes.</param>
public sealed record CompleteRunInput(RunRef Run, IReadOnlyList<EntrySummary> Entries, IReadOnlyList<EntryTotals> Totals, RunFailure? Failure, RunFailure? Ignored = null);

public sealed record RunResult(string RunId, string Status);

/// <summary>The state changes of a run that the orchestration drives: start, then complete or fail.</summary>
public sealed class RunLifecycle(IRunStore runs, IIntegrationStore integrations, IAccountStore accounts, UnifiedCatalogLoader unifiedModels, IRecordStore records, IRunParentStore parents, IRunProgressStore progress, RunObservers observers, RunPacing pacing, TimeProvider clock)
{
    public async Task<RunPlanSummary> StartAsync(RunRef reference, CancellationToken ct)
    {
        var (run, etag) = await runs.GetForUpdateAsync(reference.EnvironmentId, reference.RunId, ct)
            ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, $"Run {reference.RunId} does not exist.");
        if (run.Status.IsFinal())
        {
            return new RunPlanSummary(false, [], run.ErrorHandling, pacing.PagesPerGeneration, pacing.UnitWindow, Outage: pacing.Outage ?? OutageWaits.Default); // stopped before it began
        }

        var account = await accounts.GetAsync(run.EnvironmentId, run.IntegratedAccountId, ct)
            ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, "The integrated account no longer exists.", "integrated_account_id");
        var integration = (await integrations.GetAsync(run.EnvironmentId, account.IntegrationName, ct))?.Definition
            ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, $"The integration '{account.IntegrationName}' no longer exists.", "integration_name");
        var unified = await unifiedModels.LoadAsync(run.EnvironmentId, run.Resources.Select(r => r.Resource), integration.UnifiedOverrides, account.UnifiedOverrides, ct);
        var plan = SyncJobPlanner.Plan(new SyncJobDefinition { IntegrationName = account.IntegrationName, Resources = run.Resources }, integration, run.Args, unified);

        if (run.Status == RunStatus.Queued)
        {
            var now = clock.GetUtcNow();
            var started = run.MoveTo(RunStatus.Running, now, "Running sync");
            await runs.ReplaceAsync(started, etag, ct);
            await observers.NotifyAsync(started, RunTransition.Started, ct);
        }

        return new RunPlanSummary(true, plan.Stages.Select(stage => (IReadOnlyList<EntrySummary>)stage.Entries.Select(e =>
        {
            var (resource, _) = Endpoints.Require(integration, e.FetchResource, e.FetchMethod);
            return new EntrySummary(e.Index, e.Resource, e.Method, e.ParentIndex, e.Units.Count, RunPageSink.TracksDeletes(run, resource, e));
        }).ToList()).ToList(), run.ErrorHandling, pacing.PagesPerGeneration, pacing.UnitWindow, run.RetryTargets, pacing.Outage ?? OutageWaits.Default,
            plan.Entries.Select(e => EntryPlan.Of(plan, e, integration)).ToList());
    }

    public async Task<RunResult> CompleteAsync(CompleteRunInput input, CancellationToken ct)
    {
        var reference = input.Run;
        var run = await runs.GetAsync(reference.EnvironmentId, reference.RunId, ct)
            ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, $"Run {reference.RunId} does not exist.");

        long tombstoned = 0;
        if (input.Failure is null)
        {
            foreach (var entry in input.Entries.Where(e => e.TracksDeletes))
            {
                // Only a complete listing proves absence; an entry with failed pages proves nothing.
                if (input.Totals.Where(t => t.EntryIndex == entry.EntryIndex).Sum(t => t.PageErrors) == 0)
                {
                    tombstoned += await records.TombstoneUnseenAsync(new RecordScope(run.EnvironmentId, run.IntegratedAccountId, entry.Resource), run.Id, ct);
                }
            }
        }

        // The children have run: the parent records kept for their placeholders are not needed any more.
        var parentEntries = input.Entries.Where(e => e.ParentIndex is not null).Select(e => e.ParentIndex!.Value).Distinct().ToList();
        if (parentEntries.Count > 0)
        {
            await parents.DeleteAsync(reference.EnvironmentId, reference.RunId, parentEntries, ct);
        }

        var stats = new Dictionary<string, Dictionary<string, MethodStats>>(StringComparer.Ordinal);
        foreach (var total in input.Totals)
        {
            var entry = input.Entries.Single(e => e.EntryIndex == total.EntryIndex);
            var byMethod = stats.TryGetValue(entry.Resource, out var m) ? m : stats[entry.Resource] = new Dictionary<string, MethodStats>(StringComparer.Ordinal);
            var before = byMethod.GetValueOrDefault(entry.Method) ?? new MethodStats(0, 0);
            byMethod[entry.Method] = new MethodStats(before.Fetched + total.Fetched, before.Persisted + total.Persisted);
        }

        var sum = input.Totals.Aggregate(EntryTotals.Zero(-1), (a, t) => a.Add(t));
        var counters = new RunCounters(
            SourceRecordCount: sum.Fetched,
            SourceRecordUpdates: sum.Created + sum.Updated,
            SourceRecordDeletes: sum.Deleted + tombstoned,
            SourceRecordInvalids: sum.Invalid,
            RecordsProcessed: sum.Persisted + sum.Rejected,
            RecordsUpdated: sum.Persisted,
            RecordsFailed: sum.Rejected);

        for (var attempt = 0; ; attempt++)
        {
            var (current, etag) = (await runs.GetForUpdateAsync(reference.EnvironmentId, reference.RunId, ct))!.Value;
            if (current.Status.IsFinal())
            {
                return new RunResult(current.Id, current.Status.ToString()); // stopped meanwhile: the stop wins
            }

            var now = clock.GetUtcNow();
            var finished = current.MoveTo(input.Failure is null ? RunStatus.Completed : RunStatus.Failed, now) with
            {
                Counters = counters,
                ResourceStats = stats.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, MethodStats>)s.Value, StringComparer.Ordinal),
                ErrorCode = (input.Failure ?? input.Ignored)?.Code,
                ErrorMessage = (input.Failure ?? input.Ignored)?.Message,
                ErrorDetail = (input.Failure ?? input.Ignored)?.Detail,
                ErrorKind = input.Failure?.Kind,
                PageErrors = sum.PageErrors,
                LastTimestampSynced = sum.MaxUpdatedAt,
            };
            try
            {
                await runs.ReplaceAsync(finished, etag, ct);
                await observers.NotifyAsync(finished, RunTransition.Finished, ct);

                // The final totals are the run's own now; the units' running reports have done their job.
                await progress.DeleteAsync(reference.EnvironmentId, reference.RunId, ct);
                return new RunResult(finished.Id, finished.Status.ToString());
            }
            catch (ConcurrencyException) when (attempt < 5)
            {
            }
        }
    }
}
