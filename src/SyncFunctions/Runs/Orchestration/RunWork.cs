using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Pages;

namespace SyncFunctions.Runs.Orchestration;

/// <summary>
/// The run orchestration's input: the run, its plan and where it has got to (<see cref="RunCheckpoint"/>, carried across
/// ContinueAsNew). <paramref name="Started"/>: the run has been moved to running (the first generation does that).
/// </summary>
public sealed record RunWork(string EnvironmentId, string RunId, RunCheckpoint Checkpoint, bool Started = false)
{
    public RunRef Run => new(EnvironmentId, RunId);

    /// <summary>A run's first input: its plan as made when it was admitted.</summary>
    public static RunWork Begin(SyncJobRun run, RunPlanSummary plan) => new(run.EnvironmentId, run.Id, RunCheckpoint.Begin(plan));
}

/// <summary>
/// How far a run has got, carried across ContinueAsNew so that a fan-out over many parent records does not grow one
/// orchestration history without bound.
/// </summary>
/// <param name="Position">Index into the plan's entries in stage order (parents before children).</param>
/// <param name="NextUnit">Root entries: the next unit to start.</param>
/// <param name="ParentAfter">depends_on entries: the last parent key already fanned out (null: from the start).</param>
/// <param name="ParentOrdinal">depends_on entries: how many parent records have been fanned out (numbers sub-orchestration ids).</param>
/// <param name="Current">Totals of the entry in progress.</param>
public sealed record RunCheckpoint(
    RunPlanSummary Plan,
    int Position,
    int NextUnit,
    string? ParentAfter,
    int ParentOrdinal,
    EntryTotals? Current,
    IReadOnlyList<EntryTotals> Totals,
    RunFailure? Failure,
    RunFailure? Ignored)
{
    public static RunCheckpoint Begin(RunPlanSummary plan) => new(plan, 0, 0, null, 0, null, [], null, null);
}

/// <summary>Where a unit is: the next page and what it has done so far. Carried across ContinueAsNew.</summary>
/// <param name="ParentKey">depends_on: the parent record the unit runs for.</param>
/// <param name="ParentOrdinal">depends_on: that record's position in the parent's listing (for the instance id).</param>
/// <param name="Outage">Durable waits for an unreachable upstream; <paramref name="OutageAttempt"/> of them are spent.</param>
/// <param name="Plan">The entry as planned when the run was admitted, handed to every page (null only in work written before plans were carried).</param>
public sealed record UnitWork(RunRef Run, int EntryIndex, int UnitIndex, int PagesPerGeneration, PageState? State, EntryTotals Totals, string? ParentKey = null, int? ParentOrdinal = null, OutageWaits? Outage = null, int OutageAttempt = 0, EntryPlan? Plan = null);

public sealed record UnitResult(EntryTotals Totals, RunFailure? Error);
