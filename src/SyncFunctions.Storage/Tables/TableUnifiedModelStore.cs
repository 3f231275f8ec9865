using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Storage.Tables;

/// <summary>Unified models: partition = environment, row = name.</summary>
public sealed class TableUnifiedModelStore(TableStore tables) : IUnifiedModelStore
{
    private readonly NamedDefinitionTable<UnifiedModelDefinition> _rows = new(tables, TableLayout.UnifiedModels.Name, d => d.Name!, (d, name) => d with { Name = name });

    public async Task<StoredUnifiedModel?> GetAsync(string environmentId, string name, CancellationToken ct) =>
        await _rows.GetAsync(environmentId, name, ct).ConfigureAwait(false) is { } row ? new(row.Definition, row.CreatedAt, row.UpdatedAt) : null;

    public Task<bool> UpsertAsync(string environmentId, StoredUnifiedModel model, CancellationToken ct) =>
        _rows.UpsertAsync(environmentId, new(model.Definition, model.CreatedAt, model.UpdatedAt), ct);

    public Task<bool> DeleteAsync(string environmentId, string name, CancellationToken ct) => _rows.DeleteAsync(environmentId, name, ct);

    public async Task<StorePage<StoredUnifiedModel>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct)
    {
        var page = await _rows.ListAsync(environmentId, limit, continuation, ct).ConfigureAwait(false);
        return new StorePage<StoredUnifiedModel>(page.Items.Select(r => new StoredUnifiedModel(r.Definition, r.CreatedAt, r.UpdatedAt)).ToList(), page.Continuation);
    }
}
