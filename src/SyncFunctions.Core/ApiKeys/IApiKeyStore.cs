namespace SyncFunctions.Core.ApiKeys;

public interface IApiKeyStore
{
    Task CreateAsync(ApiKey key, CancellationToken ct);

    /// <summary>The authentication hot path: one point read by hash.</summary>
    Task<ApiKey?> FindByHashAsync(string tokenHash, CancellationToken ct);

    Task<ApiKey?> GetAsync(string id, CancellationToken ct);

    Task<Paging.StorePage<ApiKey>> ListAsync(string? environmentId, int limit, string? continuation, CancellationToken ct);

    Task DeleteAsync(ApiKey key, CancellationToken ct);
}
