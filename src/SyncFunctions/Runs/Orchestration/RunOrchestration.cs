using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Pages;
using SyncFunctions.Durable;

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

    /// <summary>How <see cref="Core.Runs.RunStarter"/> starts this orchestration: instance id = run id, input = the run's plan.</summary>
    public static IRunScheduler Scheduler(DurableTaskClient client) => new DurableRunScheduler(client);

    [Function(Name)]
    public static Task<RunResult> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(context, context.GetInput<RunWork>()!);

    public static async Task<RunResult> RunAsync(TaskOrchestrationContext context, RunWork work)
    {
        var run = work.Run;
        var checkpoint = work.Checkpoint;

        // A storage outage is waited out (durable timers), so the run goes on once storage is back.
        var retry = ActivityRetry.Options(checkpoint.Plan.Outage ?? OutageWaits.Default);
        if (!work.Started)
        {
            if (!await context.CallActivityAsync<bool>(RunActivities.StartRun, run, retry))
            {
                return new RunResult(run.RunId, "not_started"); // stopped before it began
            }

            work = work with { Started = true };
        }

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

    private sealed class DurableRunScheduler(DurableTaskClient client) : IRunScheduler
    {
        public Task ScheduleAsync(SyncJobRun run, RunPlanSummary plan, CancellationToken ct) =>
            client.ScheduleNewOrchestrationInstanceAsync(Name, RunWork.Begin(run, plan), new StartOrchestrationOptions(run.Id), ct);
    }
}

/// <summary>
/// Pages through one unit (one loop element) of one entry: each activity fetches and persists pages for as long as
/// the page budget allows and returns where it got to. Every <see cref="UnitWork.PagesPerGeneration"/> activities it
/// continues as new, so its history stays bounded however many pages the resource has.
/// </summary>
public static class SyncUnitOrchestrator
{
    public const string Name = "SyncUnit";

    [Function(Name)]
    public static Task<UnitResult> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(context, context.GetInput<UnitWork>()!);

    public static async Task<UnitResult> RunAsync(TaskOrchestrationContext context, UnitWork work)
    {
        var outage = work.Outage ?? OutageWaits.Default;
        // Storage down mid-page: the activity throws, and is tried again from the same position after durable waits.
        var retry = ActivityRetry.Options(outage);
        var state = work.State;
        var totals = work.Totals;
        var attempt = work.OutageAttempt;
        for (var step = 0; step < work.PagesPerGeneration; step++)
        {
            var result = await context.CallActivityAsync<PageResult>(
                RunActivities.FetchPages,
                new PageWork(work.Run.EnvironmentId, work.Run.RunId, work.EntryIndex, work.UnitIndex, state, work.ParentKey, totals, MayWait: attempt < outage.Retries, Plan: work.Plan),
                retry);
            if (result.Outcome is { } outcome)
            {
                totals = totals.Add(outcome);
                state = outcome.Next;
                attempt = 0; // pages went through: a later outage gets its own waits
            }

            if (result.WaitAndRetryAt is { } retryAt)
            {
                // A durable timer: no worker is held while the upstream is away.
                await context.CreateTimer(context.CurrentUtcDateTime + outage.WaitBefore(attempt), CancellationToken.None);
                attempt++;
                state = retryAt;
                continue;
            }

            if (result.Error is not null)
            {
                // Pages stored before the failure count; the failed page counts as a page error.
                return new UnitResult(result.PageFailed ? totals with { PageErrors = totals.PageErrors + 1 } : totals, result.Error);
            }

            if (state!.Done)
            {
                return new UnitResult(totals, null);
            }
        }

        context.ContinueAsNew(work with { State = state, Totals = totals, OutageAttempt = attempt });
        return new UnitResult(totals, null);
    }
}
