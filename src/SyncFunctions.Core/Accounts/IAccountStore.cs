using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Accounts;

public interface IAccountStore
{
    Task<IntegratedAccount?> GetAsync(string environmentId, string id, CancellationToken ct);

    Task CreateAsync(string environmentId, IntegratedAccount account, CancellationToken ct);

    /// <summary>Replaces the account if it was not changed since <paramref name="etag"/> was read.</summary>
    Task ReplaceAsync(string environmentId, IntegratedAccount account, string etag, CancellationToken ct);

    Task<(IntegratedAccount Account, string ETag)?> GetForUpdateAsync(string environmentId, string id, CancellationToken ct);

    Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct);

    Task<StorePage<IntegratedAccount>> ListAsync(string environmentId, string? integrationName, int limit, string? continuation, CancellationToken ct);

    /// <summary>Accounts matching both filters (null = any), in the same order and paging as <see cref="ListAsync"/>.</summary>
    Task<StorePage<IntegratedAccount>> ListMatchingAsync(string environmentId, string? integrationName, string? externalId, int limit, string? continuation, CancellationToken ct);

    Task<int> CountMatchingAsync(string environmentId, string? integrationName, string? externalId, CancellationToken ct);
}
