using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.SyncJobs;

public interface ISyncJobStore
{
    Task<StoredSyncJob?> GetAsync(string environmentId, string id, CancellationToken ct);

    Task UpsertAsync(string environmentId, StoredSyncJob job, CancellationToken ct);

    Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct);

    Task<StorePage<StoredSyncJob>> ListAsync(string environmentId, string? integrationName, int limit, string? continuation, CancellationToken ct);
}
