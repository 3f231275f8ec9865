namespace SyncFunctions.Core.Runs.Views;

/// <summary>
/// Each sync job's runs newest first (the run store is keyed by run id and has no time order). Skipped runs are not
/// indexed: Braze's job_sync_status does not list them.
/// </summary>
public interface IJobRunIndex
{
    /// <summary>Idempotent.</summary>
    Task AddAsync(SyncJobRun run, CancellationToken ct);

    Task RemoveAsync(string environmentId, string syncJobId, string position, CancellationToken ct);

    /// <summary>Up to <paramref name="take"/> entries after <paramref name="after"/> (exclusive; null = from the newest), newest first.</summary>
    Task<IReadOnlyList<JobRunEntry>> ReadAfterAsync(string environmentId, string syncJobId, string? after, int take, CancellationToken ct);

    /// <summary>The up to <paramref name="take"/> entries nearest to <paramref name="upTo"/> from the newer side (inclusive), newest first.</summary>
    Task<IReadOnlyList<JobRunEntry>> ReadUpToAsync(string environmentId, string syncJobId, string upTo, int take, CancellationToken ct);
}
