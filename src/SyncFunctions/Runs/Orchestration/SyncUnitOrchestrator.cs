using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Pages;
using SyncFunctions.Durable;
using SyncFunctions.Runs.Orchestration;

namespace SyncFunctions.Runs.Orchestration;

/// <summary>Where a unit is: the next page and what it has done so far. Carried across ContinueAsNew.</summary>
/// <param name="ParentKey">depends_on: the parent record the unit runs for.</param>
/// <param name="ParentOrdinal">depends_on: that record's position in the parent's listing (for the instance id).</param>
/// <param name="Outage">Durable waits for an unreachable upstream; <paramref name="OutageAttempt"/> of them are spent.</param>
/// <param name="Plan">The entry as planned when the run started, handed to every page (null only in work written before plans were carried).</param>
public sealed record UnitWork(RunRef Run, int EntryIndex, int UnitIndex, int PagesPerGeneration, PageState? State, EntryTotals Totals, string? ParentKey = null, int? ParentOrdinal = null, OutageWaits? Outage = null, int OutageAttempt = 0, EntryPlan? Plan = null);

public sealed record UnitResult(EntryTotals Totals, RunFailure? Error);

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
