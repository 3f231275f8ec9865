using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using SyncFunctions.Activities;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Orchestrations;

/// <summary>
/// One sync job run; its instance id is the run id. Stages run in order; the units of an entry run
/// as sub-orchestrations (deterministic ids) a window at a time. Configuration and auth errors end
/// the run in every error-handling mode; other page errors end it under fail_fast and are counted
/// (skipping the rest of that unit) under ignore and batch.
/// </summary>
public static class SyncJobRunOrchestrator
{
    public const string Name = "SyncJobRun";

    [Function(Name)]
    public static Task<RunResult> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(context, context.GetInput<RunRef>()!);

    public static async Task<RunResult> RunAsync(TaskOrchestrationContext context, RunRef run)
    {
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2.0));
        var plan = await context.CallActivityAsync<RunPlanSummary>(StartRunActivity.Name, run, retry);
        if (!plan.Proceed)
        {
            return new RunResult(run.RunId, "not_started");
        }

        var totals = new List<EntryTotals>();
        RunFailure? failure = null;
        RunFailure? ignored = null;
        foreach (var stage in plan.Stages)
        {
            foreach (var entry in stage)
            {
                if (entry.ParentIndex is not null)
                {
                    failure = new RunFailure("not_supported", $"depends_on ({entry.Resource}) is not supported by this version of the run engine yet.", null, RunErrorKind.Configuration);
                    break;
                }

                var entryTotals = EntryTotals.Zero(entry.EntryIndex);
                for (var first = 0; first < entry.UnitCount && failure is null; first += plan.UnitWindow)
                {
                    var window = Enumerable.Range(first, Math.Min(plan.UnitWindow, entry.UnitCount - first)).Select(unit =>
                        context.CallSubOrchestratorAsync<UnitResult>(
                            SyncUnitOrchestrator.Name,
                            new UnitWork(run, entry.EntryIndex, unit, plan.PagesPerGeneration, null, EntryTotals.Zero(entry.EntryIndex)),
                            new SubOrchestrationOptions { InstanceId = $"{run.RunId}:{entry.EntryIndex}:{unit}" }));
                    foreach (var result in await Task.WhenAll(window))
                    {
                        entryTotals = entryTotals.Add(result.Totals);
                        if (result.Error is null)
                        {
                            continue;
                        }

                        if (result.Error.Kind == RunErrorKind.Configuration || plan.ErrorHandling == ErrorHandlingModes.FailFast)
                        {
                            failure ??= result.Error;
                        }
                        else
                        {
                            ignored ??= result.Error;
                        }
                    }
                }

                totals.Add(entryTotals);
                if (failure is not null)
                {
                    break;
                }
            }

            if (failure is not null)
            {
                break;
            }
        }

        return await context.CallActivityAsync<RunResult>(CompleteRunActivity.Name, new CompleteRunInput(run, plan.Entries.ToList(), totals, failure, ignored), retry);
    }
}
