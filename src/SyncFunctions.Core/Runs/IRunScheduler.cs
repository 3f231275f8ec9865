namespace SyncFunctions.Core.Runs;

/// <summary>
/// Starts a stored run's orchestration, with the run's id as its instance id and its plan as its input: the Durable
/// client, bound per function call in the app (so the scheduler is handed to <see cref="RunStarter"/> per call).
/// </summary>
public interface IRunScheduler
{
    Task ScheduleAsync(SyncJobRun run, RunPlanSummary plan, CancellationToken ct);
}
