using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SyncFunctions.Core.Runs;
using SyncFunctions.Orchestrations;

namespace SyncFunctions.Runs;

/// <param name="Replayed">The Idempotency-Key was used before: <see cref="Run"/> is the original run as first answered.</param>
public sealed record RunStart(SyncJobRun Run, bool Replayed);

/// <summary>
/// Creates a run and starts its orchestration (instance id = run id): the one way runs begin, whether an API call
/// or a cron trigger asks. A job+account that already has an active run gets a <c>skipped</c> run, stored and never started.
/// </summary>
public sealed class RunStarter(RunService runs, IRunStore store, RunObservers observers, RunAdmission admission, RunIdempotency idempotency, TimeProvider clock)
{
    /// <param name="trigger">Census's trigger description, e.g. "API key k_…" or "Scheduled by cron trigger …".</param>
    public async Task<SyncJobRun> StartAsync(string environmentId, CreateRunRequest request, string trigger, DurableTaskClient client, CancellationToken ct) =>
        (await StartAsync(environmentId, request, trigger, null, client, ct)).Run;

    public async Task<RunStart> StartAsync(string environmentId, CreateRunRequest request, string trigger, string? idempotencyKey, DurableTaskClient client, CancellationToken ct)
    {
        if (idempotencyKey is not null)
        {
            RunIdempotency.Check(idempotencyKey);
        }

        var run = await runs.PrepareAsync(environmentId, request, trigger, ct);
        if (idempotencyKey is not null && await idempotency.ReserveAsync(environmentId, idempotencyKey, run, ct) is { } original)
        {
            return new RunStart(original, true);
        }

        var admitted = await admission.TryClaimAsync(run, ct);
        if (!admitted)
        {
            var now = clock.GetUtcNow();
            run = run with { Status = RunStatus.Skipped, CurrentStep = null, UpdatedAt = now, FinishedAt = now };
        }

        await store.CreateAsync(run, ct);
        if (idempotencyKey is not null)
        {
            await idempotency.CompleteAsync(environmentId, idempotencyKey, run, ct);
        }

        await observers.NotifyAsync(run, RunTransition.Created, ct);
        if (!admitted)
        {
            await observers.NotifyAsync(run, RunTransition.Finished, ct);
            return new RunStart(run, false);
        }

        await client.ScheduleNewOrchestrationInstanceAsync(SyncJobRunOrchestrator.Name, new RunWork(environmentId, run.Id), new StartOrchestrationOptions(run.Id), ct);
        return new RunStart(run, false);
    }
}
