namespace SyncFunctions.Core.Runs;

/// <summary>
/// Told about every stored change of a run's status (connection flags, webhook events, …). Called after the write,
/// by whoever made it (API, orchestration activities, the status poller); an observer must be idempotent, because a
/// retried activity repeats its notification.
/// </summary>
public interface IRunObserver
{
    Task OnRunChangedAsync(SyncJobRun run, RunTransition transition, CancellationToken ct);
}
