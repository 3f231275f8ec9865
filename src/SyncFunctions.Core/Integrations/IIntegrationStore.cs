using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Integrations;

public interface IIntegrationStore
{
    Task<StoredIntegration?> GetAsync(string environmentId, string name, CancellationToken ct);

    /// <summary>Inserts or replaces; true when it was new.</summary>
    Task<bool> UpsertAsync(string environmentId, StoredIntegration integration, CancellationToken ct);

    Task<bool> DeleteAsync(string environmentId, string name, CancellationToken ct);

    Task<StorePage<StoredIntegration>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct);
}
