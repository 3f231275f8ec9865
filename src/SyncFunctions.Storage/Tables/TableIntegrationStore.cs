using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Storage.Tables;

/// <summary>Integrations: partition = environment, row = name.</summary>
public sealed class TableIntegrationStore(TableStore tables) : IIntegrationStore
{
    private readonly NamedDefinitionTable<IntegrationDefinition> _rows = new(tables, TableLayout.Integrations.Name, d => d.Name!, (d, name) => d with { Name = name });

    public async Task<StoredIntegration?> GetAsync(string environmentId, string name, CancellationToken ct) =>
        await _rows.GetAsync(environmentId, name, ct).ConfigureAwait(false) is { } row ? new(row.Definition, row.CreatedAt, row.UpdatedAt) : null;

    public Task<bool> UpsertAsync(string environmentId, StoredIntegration integration, CancellationToken ct) =>
        _rows.UpsertAsync(environmentId, new(integration.Definition, integration.CreatedAt, integration.UpdatedAt), ct);

    public Task<bool> DeleteAsync(string environmentId, string name, CancellationToken ct) => _rows.DeleteAsync(environmentId, name, ct);

    public async Task<StorePage<StoredIntegration>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct)
    {
        var page = await _rows.ListAsync(environmentId, limit, continuation, ct).ConfigureAwait(false);
        return new StorePage<StoredIntegration>(page.Items.Select(r => new StoredIntegration(r.Definition, r.CreatedAt, r.UpdatedAt)).ToList(), page.Continuation);
    }
}
