using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Runs;

public sealed record RunFilter(string? SyncJobId = null, string? IntegratedAccountId = null, RunStatus? Status = null);

public interface IRunStore
{
    Task CreateAsync(SyncJobRun run, CancellationToken ct);

    Task<SyncJobRun?> GetAsync(string environmentId, string id, CancellationToken ct);

    /// <summary>Read with the version to pass to <see cref="ReplaceAsync"/>.</summary>
    Task<(SyncJobRun Run, string ETag)?> GetForUpdateAsync(string environmentId, string id, CancellationToken ct);

    /// <summary>Optimistic replace; throws <see cref="Concurrency.ConcurrencyException"/> when someone wrote in between.</summary>
    Task ReplaceAsync(SyncJobRun run, string etag, CancellationToken ct);

    Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct);

    Task<StorePage<SyncJobRun>> ListAsync(string environmentId, RunFilter filter, int limit, string? continuation, CancellationToken ct);

    /// <summary>The start time of the newest completed run of this job and account: incremental syncs fetch what changed since.</summary>
    Task<DateTimeOffset?> LastCompletedStartAsync(string environmentId, string syncJobId, string accountId, CancellationToken ct);
}
