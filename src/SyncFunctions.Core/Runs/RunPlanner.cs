using System.Text.Json.Nodes;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Runs.Pages;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.Runs;

/// <summary>The plan as the orchestrations carry it: which entries, in which stages, how many units each, and each entry's plan.</summary>
/// <param name="PagesPerGeneration">Pages a unit orchestration handles before ContinueAsNew, keeping its history bounded.</param>
/// <param name="UnitWindow">Units of one entry running at once.</param>
/// <param name="RetryTargets">A partial retry: only these units of root entries run (see <see cref="SyncJobRun.RetryTargets"/>).</param>
/// <param name="Outage">How long a unit rides out an upstream that stays unreachable before its page counts as failed.</param>
/// <param name="Plans">
/// Each entry as planned when the run was admitted, handed to its units and their pages (<see cref="EntryPlan"/>).
/// Null only in work written before plans were carried: such a run's pages fail as a configuration error.
/// </param>
public sealed record RunPlanSummary(IReadOnlyList<IReadOnlyList<EntrySummary>> Stages, string ErrorHandling, int PagesPerGeneration, int UnitWindow, IReadOnlyList<RetryTarget>? RetryTargets = null, OutageWaits? Outage = null, IReadOnlyList<EntryPlan>? Plans = null)
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

/// <summary>
/// Plans a run once, when it is admitted: its entries resolved against the account's integration and unified models.
/// The orchestration carries the result; neither it nor the pages read a definition again (an edit reaches the next run).
/// </summary>
public sealed class RunPlanner(IAccountStore accounts, IIntegrationStore integrations, UnifiedCatalogLoader unifiedModels, RunPacing pacing)
{
    /// <summary>Plans a run made from an earlier one (a retry): its account and integration as they are now.</summary>
    /// <exception cref="SyncEngineException">The account or integration is gone, or the run's entries no longer plan.</exception>
    public async Task<RunPlanSummary> PlanAsync(SyncJobRun run, CancellationToken ct)
    {
        var account = await accounts.GetAsync(run.EnvironmentId, run.IntegratedAccountId, ct)
            ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, "The integrated account no longer exists.", "integrated_account_id");
        var integration = (await integrations.GetAsync(run.EnvironmentId, account.IntegrationName, ct))?.Definition
            ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, $"The integration '{account.IntegrationName}' no longer exists.", "integration_name");
        return Summarize(run, await PlanAsync(run.EnvironmentId, integration, account, run.Resources, run.Args, ct), integration);
    }

    /// <summary>The job's entries for this account, loop arguments resolved (a bad one throws <see cref="SyncEngineException"/>).</summary>
    public async Task<SyncJobPlan> PlanAsync(string environmentId, IntegrationDefinition integration, IntegratedAccount account, IReadOnlyList<SyncJobResource> resources, JsonObject args, CancellationToken ct)
    {
        var unified = await unifiedModels.LoadAsync(environmentId, resources.Select(r => r.Resource), integration.UnifiedOverrides, account.UnifiedOverrides, ct);
        return SyncJobPlanner.Plan(new SyncJobDefinition { IntegrationName = account.IntegrationName, Resources = resources }, integration, args, unified);
    }

    /// <summary>What the orchestrations carry of <paramref name="plan"/> for <paramref name="run"/> (its options decide delete tracking).</summary>
    public RunPlanSummary Summarize(SyncJobRun run, SyncJobPlan plan, IntegrationDefinition integration) =>
        new(
            plan.Stages.Select(stage => (IReadOnlyList<EntrySummary>)stage.Entries.Select(e =>
            {
                var (resource, _) = Endpoints.Require(integration, e.FetchResource, e.FetchMethod);
                return new EntrySummary(e.Index, e.Resource, e.Method, e.ParentIndex, e.Units.Count, RunPageSink.TracksDeletes(run, resource, e));
            }).ToList()).ToList(),
            run.ErrorHandling,
            pacing.PagesPerGeneration,
            pacing.UnitWindow,
            run.RetryTargets,
            pacing.Outage ?? OutageWaits.Default,
            plan.Entries.Select(e => EntryPlan.Of(plan, e, integration)).ToList());
}
