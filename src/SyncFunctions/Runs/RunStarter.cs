using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Concurrency;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Security;
using SyncFunctions.Durable;
using SyncFunctions.Runs.Orchestration;

namespace SyncFunctions.Runs;

/// <param name="Replayed">The Idempotency-Key was used before: <see cref="Run"/> is the original run as first answered.</param>
public sealed record RunStart(SyncJobRun Run, bool Replayed);

/// <summary>
/// Creates a run and starts its orchestration (instance id = run id): the one way runs begin, whether an API call,
/// a retry or a cron trigger asks. A job+account that already has an active run gets a <c>skipped</c> run, stored and
/// never started (Census).
/// </summary>
public sealed partial class RunStarter(
    RunService runs, RunRetries retries, IRunStore store, RunObservers observers, RunAdmission admission, RunIdempotency idempotency, TimeProvider clock,
    RunPacing pacing, ILogger<RunStarter> logger)
{
    /// <param name="trigger">Census's trigger description, e.g. "API key k_…" or "Scheduled by cron trigger …".</param>
    /// <param name="scheduledExecutionTime">The due time a scheduled run was started for (Census's scheduled_execution_time).</param>
    public async Task<SyncJobRun> StartAsync(
        string environmentId, CreateRunRequest request, string trigger, DurableTaskClient client, CancellationToken ct, DateTimeOffset? scheduledExecutionTime = null)
    {
        var run = await runs.PrepareAsync(environmentId, request, trigger, ct) with { ScheduledExecutionTime = scheduledExecutionTime };
        return await BeginAsync(run, null, client, ct);
    }

    /// <param name="idempotencyKey">The request's Idempotency-Key: a key used before returns the original run, not a new one.</param>
    public async Task<RunStart> StartAsync(Tenant tenant, CreateRunRequest request, string trigger, string? idempotencyKey, DurableTaskClient client, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        if (idempotencyKey is not null)
        {
            RunIdempotency.Check(idempotencyKey);
        }

        var run = await runs.PrepareAsync(tenant, request, trigger, ct);
        if (idempotencyKey is not null && await idempotency.ReserveAsync(environmentId, idempotencyKey, run, ct) is { } original)
        {
            return new RunStart(original, true);
        }

        return new RunStart(await BeginAsync(run, idempotencyKey, client, ct), false);
    }

    /// <summary>Starts a new run that retries a finished one (see <see cref="RunRetries"/>).</summary>
    public async Task<SyncJobRun> RetryAsync(Tenant tenant, string runId, DurableTaskClient client, CancellationToken ct) =>
        await BeginAsync(await retries.PrepareAsync(tenant, runId, ct), null, client, ct);

    private async Task<SyncJobRun> BeginAsync(SyncJobRun run, string? idempotencyKey, DurableTaskClient client, CancellationToken ct)
    {
        var admitted = await admission.TryClaimAsync(run, ct);
        if (!admitted)
        {
            var now = clock.GetUtcNow();
            run = run.MoveTo(RunStatus.Skipped, now);
        }

        await store.CreateAsync(run, ct);
        if (idempotencyKey is not null)
        {
            await idempotency.CompleteAsync(run.EnvironmentId, idempotencyKey, run, ct);
        }

        if (!admitted)
        {
            await NotifyAsync(run, RunTransition.Created, ct);
            await NotifyAsync(run, RunTransition.Finished, ct);
            return run;
        }

        // The run holds its job+account's slot from here: whatever an observer does, the orchestration must be scheduled.
        await NotifyAsync(run, RunTransition.Created, ct);

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(SyncJobRunOrchestrator.Name, new RunWork(run.EnvironmentId, run.Id, Outage: pacing.Outage), new StartOrchestrationOptions(run.Id), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A queued run without an orchestration would hold its job+account's slot until the poller's grace ran out.
            await FailUnstartedAsync(run, CancellationToken.None);
            throw new ApiException(ProblemKind.Unavailable, "orchestration_unavailable", "The run could not be started.",
                $"The run {run.Id} could not be started: its orchestration could not be scheduled, so the run was failed; try again shortly.", null, ex)
            {
                Headers = new Dictionary<string, string> { ["Retry-After"] = "5" },
            };
        }

        return run;
    }

    /// <summary>
    /// Observers keep views (active-run index, job timeline, connection flags, webhook events); one that fails leaves its
    /// view behind for the poller to mend, and must not turn a stored run into a failed request.
    /// </summary>
    private async Task NotifyAsync(SyncJobRun run, RunTransition transition, CancellationToken ct)
    {
        try
        {
            await observers.NotifyAsync(run, transition, ct);
        }
        catch (AggregateException ex)
        {
            ObserverFailed(logger, run.Id, transition, string.Join(", ", ex.InnerExceptions.Select(e => e.GetType().Name)));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A run observer failed for run {RunId} ({Transition}): {Errors}.")]
    private static partial void ObserverFailed(ILogger logger, string runId, RunTransition transition, string errors);

    private async Task FailUnstartedAsync(SyncJobRun run, CancellationToken ct)
    {
        if (await store.GetForUpdateAsync(run.EnvironmentId, run.Id, ct) is not { } current || current.Run.Status != RunStatus.Queued)
        {
            return; // it started after all (the schedule call failed late) or was stopped
        }

        var now = clock.GetUtcNow();
        var failed = current.Run.MoveTo(RunStatus.Failed, now) with
        {
            ErrorCode = ReconcileErrorCodes.OrchestrationMissing,
            ErrorMessage = "The run's orchestration could not be started.",
            ErrorKind = RunErrorKind.Other,
        };
        try
        {
            await store.ReplaceAsync(failed, current.ETag, ct);
            await NotifyAsync(failed, RunTransition.Finished, ct);
        }
        catch (Core.Concurrency.ConcurrencyException)
        {
            // Someone else moved it meanwhile; their write stands.
        }
    }
}
