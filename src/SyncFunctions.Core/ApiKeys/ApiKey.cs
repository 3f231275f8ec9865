namespace SyncFunctions.Core.ApiKeys;

/// <summary>A stored API key. The token itself is never stored, only its hash.</summary>
public sealed record ApiKey(
    string Id,
    string EnvironmentId,
    string Name,
    IReadOnlyList<string> Scopes,
    string TokenHash,
    string TokenPrefix,
    DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The integrated accounts this key is restricted to (a key handed to one customer's devices); null when the key
    /// sees every account of its environment.
    /// </summary>
    public IReadOnlyList<string>? IntegratedAccountIds { get; init; }
}

public interface IApiKeyStore
{
    Task CreateAsync(ApiKey key, CancellationToken ct);

    /// <summary>The authentication hot path: one point read by hash.</summary>
    Task<ApiKey?> FindByHashAsync(string tokenHash, CancellationToken ct);

    Task<ApiKey?> GetAsync(string id, CancellationToken ct);

    Task<Paging.StorePage<ApiKey>> ListAsync(string? environmentId, int limit, string? continuation, CancellationToken ct);

    Task DeleteAsync(ApiKey key, CancellationToken ct);
}
