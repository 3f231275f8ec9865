namespace SyncFunctions.Core.Runs;

/// <summary>What just happened to a run, after it was stored.</summary>
public enum RunTransition
{
    Created,
    Started,

    /// <summary>Reached a final status: completed, failed, stopped or skipped (see <see cref="SyncJobRun.Status"/>).</summary>
    Finished,
}

/// <summary>All registered observers, called in order; one observer's failure does not hide the change from the others.</summary>
public sealed class RunObservers(IEnumerable<IRunObserver> observers)
{
    private readonly IReadOnlyList<IRunObserver> _observers = observers.ToList();

    public async Task NotifyAsync(SyncJobRun run, RunTransition transition, CancellationToken ct)
    {
        List<Exception>? failures = null;
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnRunChangedAsync(run, transition, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                (failures ??= []).Add(ex);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("A run observer failed.", failures);
        }
    }
}
