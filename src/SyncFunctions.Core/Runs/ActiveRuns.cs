namespace SyncFunctions.Core.Runs;

/// <summary>A run the status poller should look at.</summary>
public sealed record ActiveRunRef(string EnvironmentId, string RunId);

/// <summary>
/// Keeps <see cref="IActiveRunIndex"/> in step with the runs: every run creation and every final transition is
/// announced through <see cref="RunObservers"/>, whoever made it (API, orchestration, poller), so the index needs no
/// call of its own in each of those places.
/// </summary>
public sealed class ActiveRunIndexObserver(IActiveRunIndex index) : IRunObserver
{
    public Task OnRunChangedAsync(SyncJobRun run, RunTransition transition, CancellationToken ct)
    {
        var entry = new ActiveRunRef(run.EnvironmentId, run.Id);
        return transition switch
        {
            RunTransition.Created when run.Status.IsActive() => index.AddAsync(entry, ct),
            RunTransition.Finished => index.RemoveAsync(entry, ct),
            _ => Task.CompletedTask,
        };
    }
}
