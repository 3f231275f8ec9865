namespace SyncFunctions.Core.Runs;

/// <summary>
/// The runs that are queued, running or rate limited, across environments: the status poller reads this small set
/// instead of scanning every run ever made (the runs table is partitioned by environment). An entry may outlive its
/// run's activity (a failed delete, a deleted run); the poller drops such entries when it meets them.
/// </summary>
public interface IActiveRunIndex
{
    Task AddAsync(ActiveRunRef run, CancellationToken ct);

    Task RemoveAsync(ActiveRunRef run, CancellationToken ct);

    IAsyncEnumerable<ActiveRunRef> ListAsync(CancellationToken ct);
}
