using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SyncFunctions.Core.Runs;
using SyncFunctions.Orchestrations;

namespace SyncFunctions.Runs;

/// <summary>
/// Creates a run and starts its orchestration (instance id = run id): the one way runs begin, whether an API call
/// or a cron trigger asks.
/// </summary>
public sealed class RunStarter(RunService runs, RunRetries retries, IRunStore store, RunObservers observers)
{
    /// <param name="trigger">Census's trigger description, e.g. "API key k_…" or "Scheduled by cron trigger …".</param>
    /// <param name="scheduledExecutionTime">The due time a scheduled run was started for (Census's scheduled_execution_time).</param>
    public async Task<SyncJobRun> StartAsync(
        string environmentId, CreateRunRequest request, string trigger, DurableTaskClient client, CancellationToken ct, DateTimeOffset? scheduledExecutionTime = null)
    {
        var run = await runs.PrepareAsync(environmentId, request, trigger, ct) with { ScheduledExecutionTime = scheduledExecutionTime };
        await store.CreateAsync(run, ct);
        await observers.NotifyAsync(run, RunTransition.Created, ct);
        await client.ScheduleNewOrchestrationInstanceAsync(SyncJobRunOrchestrator.Name, new RunWork(environmentId, run.Id), new StartOrchestrationOptions(run.Id), ct);
        return run;
    }

    /// <summary>Starts a new run that retries a finished one (see <see cref="RunRetries"/>).</summary>
    public async Task<SyncJobRun> RetryAsync(string environmentId, string runId, DurableTaskClient client, CancellationToken ct)
    {
        var run = await retries.PrepareAsync(environmentId, runId, ct);
        await store.CreateAsync(run, ct);
        await observers.NotifyAsync(run, RunTransition.Created, ct);
        await client.ScheduleNewOrchestrationInstanceAsync(SyncJobRunOrchestrator.Name, new RunWork(environmentId, run.Id), new StartOrchestrationOptions(run.Id), ct);
        return run;
    }
}
