using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Unified;

public sealed record StoredUnifiedModel(UnifiedModelDefinition Definition, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Unified models of an environment, addressed by name.</summary>
public interface IUnifiedModelStore
{
    Task<StoredUnifiedModel?> GetAsync(string environmentId, string name, CancellationToken ct);

    /// <summary>Inserts or replaces; true when it was new.</summary>
    Task<bool> UpsertAsync(string environmentId, StoredUnifiedModel model, CancellationToken ct);

    Task<bool> DeleteAsync(string environmentId, string name, CancellationToken ct);

    Task<StorePage<StoredUnifiedModel>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct);
}
