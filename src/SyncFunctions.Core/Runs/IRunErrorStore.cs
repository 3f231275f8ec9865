using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Runs;

/// <summary>The error ledger of runs: entries ordered by key, read a page at a time.</summary>
public interface IRunErrorStore
{
    /// <summary>Upserts by key.</summary>
    Task AddAsync(string environmentId, string runId, IReadOnlyList<RunErrorEntry> entries, CancellationToken ct);

    Task<StorePage<RunErrorEntry>> ListAsync(string environmentId, string runId, int limit, string? continuation, CancellationToken ct);

    Task DeleteAsync(string environmentId, string runId, CancellationToken ct);
}
