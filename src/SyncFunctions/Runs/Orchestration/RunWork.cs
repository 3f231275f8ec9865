using SyncFunctions.Core.Runs;

namespace SyncFunctions.Runs.Orchestration;

/// <summary>The run orchestration's input: the run, and where it is when it continued as new (null when it starts).</summary>
/// <param name="Outage">The waits that ride out a storage outage before the run's plan (which carries them) is read.</param>
public sealed record RunWork(string EnvironmentId, string RunId, RunCheckpoint? Checkpoint = null, OutageWaits? Outage = null)
{
    public RunRef Run => new(EnvironmentId, RunId);
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
