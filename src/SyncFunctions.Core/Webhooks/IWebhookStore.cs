using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Webhooks;

public interface IWebhookStore
{
    Task<Webhook?> GetAsync(string environmentId, string id, CancellationToken ct);

    Task CreateAsync(string environmentId, Webhook webhook, CancellationToken ct);

    /// <summary>True when something was deleted.</summary>
    Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct);

    Task<StorePage<Webhook>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct);
}
