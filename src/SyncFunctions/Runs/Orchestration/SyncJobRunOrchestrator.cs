using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using SyncFunctions.Core.Runs;
using SyncFunctions.Durable;
using SyncFunctions.Runs.Orchestration;

namespace SyncFunctions.Runs.Orchestration;

/// <summary>
/// One sync job run; its instance id is the run id. Entries run in stage order, so every parent has finished before
/// its children start. The units of an entry — one per loop_on element, times one per parent record for a
/// depends_on entry — run as sub-orchestrations with deterministic ids, a window at a time. After about
/// <see cref="RunPlanSummary.PagesPerGeneration"/> units the run continues as new with a <see cref="RunCheckpoint"/>,
/// keeping its history bounded however many parent records fan out.
/// Configuration and auth errors end the run in every error-handling mode; other page errors end it under fail_fast
/// and are counted (skipping the rest of that unit) under ignore and batch.
/// </summary>
public static class SyncJobRunOrchestrator
{
    public const string Name = "SyncJobRun";

    [Function(Name)]
    public static Task<RunResult> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(context, context.GetInput<RunWork>()!);

    public static async Task<RunResult> RunAsync(TaskOrchestrationContext context, RunWork work)
    {
        var run = work.Run;
        var checkpoint = work.Checkpoint;
        if (checkpoint is null)
        {
            var plan = await context.CallActivityAsync<RunPlanSummary>(RunActivities.StartRun, run, ActivityRetry.Options(work.Outage ?? OutageWaits.Default));
            if (!plan.Proceed)
            {
                return new RunResult(run.RunId, "not_started");
            }

            checkpoint = RunCheckpoint.Begin(plan);
        }

        // A storage outage is waited out (durable timers), so the run goes on once storage is back.
        var retry = ActivityRetry.Options(checkpoint.Plan.Outage ?? work.Outage ?? OutageWaits.Default);
        var entries = checkpoint.Plan.Entries.ToList();
        var unitsThisGeneration = 0;
        while (checkpoint.Position < entries.Count && checkpoint.Failure is null)
        {
            var entry = entries[checkpoint.Position];
            var current = checkpoint.Current ?? EntryTotals.Zero(entry.EntryIndex);
            List<UnitWork> batch;
            bool entryDone;
            if (checkpoint.Plan.RetryTargets is { } targets)
            {
                // A partial retry: only the failed units of stand-alone entries, each from the page that failed.
                var mine = targets.Where(t => t.EntryIndex == entry.EntryIndex).ToList();
                batch = mine.Skip(checkpoint.NextUnit).Take(checkpoint.Plan.UnitWindow)
                    .Select(t => Unit(run, entry, t.UnitIndex, checkpoint.Plan, null, null) with { State = t.State }).ToList();
                checkpoint = checkpoint with { NextUnit = checkpoint.NextUnit + batch.Count };
                entryDone = checkpoint.NextUnit >= mine.Count;
            }
            else if (entry.ParentIndex is not { } parentIndex)
            {
                var count = Math.Min(checkpoint.Plan.UnitWindow, entry.UnitCount - checkpoint.NextUnit);
                batch = Enumerable.Range(checkpoint.NextUnit, Math.Max(0, count))
                    .Select(unit => Unit(run, entry, unit, checkpoint.Plan, null, null)).ToList();
                checkpoint = checkpoint with { NextUnit = checkpoint.NextUnit + batch.Count };
                entryDone = checkpoint.NextUnit >= entry.UnitCount;
            }
            else
            {
                var keys = await context.CallActivityAsync<ParentKeyPage>(
                    RunActivities.ListParentKeys,
                    // A window's worth of parents at a time, so the checkpoint can fall between windows.
                    new ParentKeysRequest(run.EnvironmentId, run.RunId, parentIndex, checkpoint.ParentAfter, checkpoint.Plan.UnitWindow),
                    retry);
                var first = checkpoint.ParentOrdinal;
                batch = keys.Keys
                    .SelectMany((key, i) => Enumerable.Range(0, entry.UnitCount).Select(unit => Unit(run, entry, unit, checkpoint.Plan, key, first + i)))
                    .ToList();
                checkpoint = checkpoint with { ParentAfter = keys.After, ParentOrdinal = first + keys.Keys.Count };
                entryDone = keys.After is null;
            }

            RunFailure? failure = null;
            var ignored = checkpoint.Ignored;
            for (var start = 0; start < batch.Count && failure is null; start += checkpoint.Plan.UnitWindow)
            {
                var window = batch.Skip(start).Take(checkpoint.Plan.UnitWindow).Select(unit =>
                    context.CallSubOrchestratorAsync<UnitResult>(SyncUnitOrchestrator.Name, unit, new SubOrchestrationOptions { InstanceId = InstanceId(unit) }));
                foreach (var result in await Task.WhenAll(window))
                {
                    current = current.Add(result.Totals);
                    if (result.Error is null)
                    {
                        continue;
                    }

                    if (result.Error.Kind == RunErrorKind.Configuration || checkpoint.Plan.ErrorHandling == ErrorHandlingModes.FailFast)
                    {
                        failure ??= result.Error;
                    }
                    else
                    {
                        ignored ??= result.Error;
                    }
                }

                // Progress for the status poller: finished entries plus this one so far.
                context.SetCustomStatus(RunProgress.Of(entries, [.. checkpoint.Totals, current], entry));
            }

            unitsThisGeneration += batch.Count;
            checkpoint = entryDone || failure is not null
                ? checkpoint with
                {
                    Position = checkpoint.Position + 1,
                    NextUnit = 0,
                    ParentAfter = null,
                    ParentOrdinal = 0,
                    Current = null,
                    Totals = [.. checkpoint.Totals, current],
                    Failure = failure,
                    Ignored = ignored,
                }
                : checkpoint with { Current = current, Ignored = ignored };

            if (checkpoint.Failure is null && checkpoint.Position < entries.Count && unitsThisGeneration >= checkpoint.Plan.PagesPerGeneration)
            {
                context.ContinueAsNew(work with { Checkpoint = checkpoint });
                return new RunResult(run.RunId, "continued");
            }
        }

        return await context.CallActivityAsync<RunResult>(
            RunActivities.CompleteRun,
            new CompleteRunInput(run, entries, checkpoint.Totals, checkpoint.Failure, checkpoint.Ignored),
            retry);
    }

    private static UnitWork Unit(RunRef run, EntrySummary entry, int unit, RunPlanSummary plan, string? parentKey, int? parentOrdinal) =>
        new(run, entry.EntryIndex, unit, plan.PagesPerGeneration, null, EntryTotals.Zero(entry.EntryIndex), parentKey, parentOrdinal, plan.Outage, Plan: plan.PlanOf(entry.EntryIndex));

    /// <summary><c>{run}:{entry}:{unit}</c>, plus <c>:p{n}</c> for the n-th parent record of a depends_on entry.</summary>
    public static string InstanceId(UnitWork unit) =>
        unit.ParentOrdinal is { } ordinal
            ? $"{unit.Run.RunId}:{unit.EntryIndex}:{unit.UnitIndex}:p{ordinal}"
            : $"{unit.Run.RunId}:{unit.EntryIndex}:{unit.UnitIndex}";
}
