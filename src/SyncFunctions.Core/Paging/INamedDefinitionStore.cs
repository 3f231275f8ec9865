namespace SyncFunctions.Core.Paging;

/// <summary>Definitions of an environment addressed by name: integrations and unified models share this shape.</summary>
public interface INamedDefinitionStore<T>
    where T : class
{
    Task<T?> GetAsync(string environmentId, string name, CancellationToken ct);

    /// <summary>Inserts or replaces; true when it was new.</summary>
    Task<bool> UpsertAsync(string environmentId, T definition, CancellationToken ct);

    Task<bool> DeleteAsync(string environmentId, string name, CancellationToken ct);

    Task<StorePage<T>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct);
}
