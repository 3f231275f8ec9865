using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Concurrency;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Security;

namespace SyncFunctions.Core.Runs;

/// <param name="Replayed">The Idempotency-Key was used before: <see cref="Run"/> is the original run as first answered.</param>
public sealed record RunStart(SyncJobRun Run, bool Replayed);

/// <summary>
/// Admits runs, the one way they begin, whether an API call, a retry or a cron trigger asks: prepared and planned
/// (<see cref="RunPreparation"/>), then the job+account's slot is claimed, the run stored, and its orchestration
/// scheduled with the plan (<see cref="IRunScheduler"/>). A job+account that already has an active run gets a
/// <c>skipped</c> run, stored and never started (Census). When the orchestration begins, the run moves to running here
/// too (<see cref="MarkRunningAsync"/>): how a run begins is this file.
/// </summary>
public sealed partial class RunStarter(
    RunPreparation preparation, RunAdmission admission, RunIdempotency idempotency, IRunStore store, RunObservers observers, TimeProvider clock, ILogger<RunStarter> logger)
{
    /// <param name="idempotencyKey">The request's Idempotency-Key: a key used before returns the original run, not a new one.</param>
    public async Task<RunStart> StartAsync(Tenant tenant, CreateRunRequest request, string trigger, string? idempotencyKey, IRunScheduler scheduler, CancellationToken ct)
    {
        if (idempotencyKey is not null)
        {
            RunIdempotency.Check(idempotencyKey);
        }

        var prepared = await preparation.PrepareAsync(tenant, request, trigger, ct);
        if (idempotencyKey is not null && await idempotency.ReserveAsync(tenant.EnvironmentId, idempotencyKey, prepared.Run, ct) is { } original)
        {
            return new RunStart(original, true);
        }

        return new RunStart(await BeginAsync(prepared, idempotencyKey, scheduler, ct), false);
    }

    /// <summary>A cron trigger's run, for the due time it was started for (Census's scheduled_execution_time).</summary>
    /// <param name="trigger">Census's trigger description, e.g. "Scheduled by cron trigger …".</param>
    public async Task<SyncJobRun> StartScheduledAsync(
        string environmentId, CreateRunRequest request, string trigger, DateTimeOffset? scheduledExecutionTime, IRunScheduler scheduler, CancellationToken ct)
    {
        var prepared = await preparation.PrepareAsync(environmentId, request, trigger, ct);
        return await BeginAsync(prepared with { Run = prepared.Run with { ScheduledExecutionTime = scheduledExecutionTime } }, null, scheduler, ct);
    }

    /// <summary>Starts a new run that retries a finished one (see <see cref="RunRetries"/>).</summary>
    public async Task<SyncJobRun> RetryAsync(Tenant tenant, string runId, IRunScheduler scheduler, CancellationToken ct) =>
        await BeginAsync(await preparation.PrepareRetryAsync(tenant, runId, ct), null, scheduler, ct);

    /// <summary>
    /// The orchestration has begun: a queued run moves to running. False when the run ended before its orchestration
    /// began (stopped meanwhile): nothing is to run. Its plan came with the orchestration.
    /// </summary>
    public async Task<bool> MarkRunningAsync(RunRef reference, CancellationToken ct)
    {
        var update = await store.UpdateAsync(reference.EnvironmentId, reference.RunId, run => run.Status == RunStatus.Queued ? run.MoveTo(RunStatus.Running, clock.GetUtcNow(), "Running sync") : null, ct)
            ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, $"Run {reference.RunId} does not exist.");
        if (update.Written)
        {
            await observers.NotifyAsync(update.Run, RunTransition.Started, ct);
        }

        return !update.Run.Status.IsFinal();
    }

    private async Task<SyncJobRun> BeginAsync(PreparedRun prepared, string? idempotencyKey, IRunScheduler scheduler, CancellationToken ct)
    {
        var run = prepared.Run;
        var admitted = await admission.TryClaimAsync(run, ct);
        if (!admitted)
        {
            run = run.MoveTo(RunStatus.Skipped, clock.GetUtcNow());
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
            await scheduler.ScheduleAsync(run, prepared.Plan, ct);
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
        try
        {
            // Unless it started after all (the schedule call failed late) or was stopped meanwhile.
            var update = await store.UpdateAsync(run.EnvironmentId, run.Id, current => current.Status != RunStatus.Queued ? null : current.MoveTo(RunStatus.Failed, clock.GetUtcNow()) with
            {
                ErrorCode = ReconcileErrorCodes.OrchestrationMissing,
                ErrorMessage = "The run's orchestration could not be started.",
                ErrorKind = RunErrorKind.Other,
            }, ct);
            if (update is { Written: true })
            {
                await NotifyAsync(update.Run, RunTransition.Finished, ct);
            }
        }
        catch (ConcurrencyException)
        {
            // Still changing after every attempt: whoever is writing it moves it on; the poller reconciles the rest.
        }
    }
}
