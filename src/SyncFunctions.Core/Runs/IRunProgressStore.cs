namespace SyncFunctions.Core.Runs;

/// <summary>One unit's totals so far, from its first page: the unit overwrites its own row as it goes.</summary>
public sealed record UnitProgress(string UnitKey, EntryTotals Totals);

/// <summary>
/// Progress of a running run's units, written by the page activity every few seconds while it pages, so the status
/// poller can show resource_stats and counters moving while one long resource is still being fetched. One row per
/// unit, so the sum over rows never counts a page twice however often a unit reports or is retried.
/// </summary>
public interface IRunProgressStore
{
    Task SaveAsync(string environmentId, string runId, UnitProgress progress, CancellationToken ct);

    Task<IReadOnlyList<UnitProgress>> ListAsync(string environmentId, string runId, CancellationToken ct);

    Task DeleteAsync(string environmentId, string runId, CancellationToken ct);
}
