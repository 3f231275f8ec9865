using Azure.Data.Tables;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Webhooks;

namespace SyncFunctions.Storage.Tables;

/// <summary>Webhook targets: partition = environment, row = id. The sealed secret stays in <c>Secret</c>, outside the readable document.</summary>
public sealed class TableWebhookStore(TableStore tables) : IWebhookStore
{
    private const string Table = TableLayout.Webhooks.Name;

    public async Task<Webhook?> GetAsync(string environmentId, string id, CancellationToken ct) =>
        await EntityRows.FindAsync(tables, Table, environmentId, id, ct).ConfigureAwait(false) is { } e ? Map(e) : null;

    public async Task CreateAsync(string environmentId, Webhook webhook, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var entity = new TableEntity(environmentId, webhook.Id)
        {
            ["Secret"] = webhook.ProtectedSecret,
            ["CreatedAt"] = webhook.CreatedAt,
        };
        EntityDocuments.Write(entity, webhook with { ProtectedSecret = "" });
        await table.AddEntityAsync(entity, ct).ConfigureAwait(false);
    }

    public Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct) =>
        EntityRows.DeleteAsync(tables, Table, environmentId, id, ct);

    public async Task<StorePage<Webhook>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        return await TablePaging.ReadPageAsync(table, EntityRows.PartitionFilter(environmentId), limit, continuation, Map, ct).ConfigureAwait(false);
    }

    private static Webhook Map(TableEntity e) =>
        EntityDocuments.Read<Webhook>(e) with { ProtectedSecret = e.GetString("Secret") ?? "" };
}
