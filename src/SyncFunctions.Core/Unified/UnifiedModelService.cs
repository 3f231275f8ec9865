using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Unified;

public sealed record UnifiedModelView(
    string Name,
    string? Description,
    IReadOnlyDictionary<string, UnifiedResourceDefinition> Resources,
    string EnvironmentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Unified models of one environment, addressed by name; every expression is compiled before a model is saved.</summary>
public sealed class UnifiedModelService(IUnifiedModelStore store, CursorCodec cursors, TimeProvider clock)
{
    public async Task<(UnifiedModelView View, bool Created)> PutAsync(string environmentId, string name, UnifiedModelDefinition definition, CancellationToken ct)
    {
        definition = definition with { Name = name };
        var errors = await MappingRules.CheckModelAsync(definition);
        if (errors.Count > 0)
        {
            throw ApiException.Validation(errors);
        }

        var existing = await store.GetAsync(environmentId, name, ct);
        var now = clock.GetUtcNow();
        var stored = new StoredUnifiedModel(definition, existing?.CreatedAt ?? now, now);
        var created = await store.UpsertAsync(environmentId, stored, ct);
        return (View(environmentId, stored), created);
    }

    public async Task<UnifiedModelView> GetAsync(string environmentId, string name, CancellationToken ct) =>
        View(environmentId, (MappingRules.IsName(name) ? await store.GetAsync(environmentId, name, ct) : null) ?? throw NotFound(name));

    public async Task DeleteAsync(string environmentId, string name, CancellationToken ct)
    {
        if (!MappingRules.IsName(name) || !await store.DeleteAsync(environmentId, name, ct))
        {
            throw NotFound(name);
        }
    }

    public async Task<CursorPage<UnifiedModelView>> ListAsync(string environmentId, string? cursor, int limit, CancellationToken ct)
    {
        var scope = "unified-models:" + environmentId;
        var page = await store.ListAsync(environmentId, limit, cursors.Decode(scope, cursor), ct);
        return new CursorPage<UnifiedModelView>(
            page.Items.Select(m => View(environmentId, m)).ToList(),
            page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }

    private static ApiException NotFound(string name) => ApiException.NotFound($"The unified model '{name}'", "name");

    private static UnifiedModelView View(string environmentId, StoredUnifiedModel m) => new(
        m.Definition.Name, m.Definition.Description, m.Definition.Resources ?? new Dictionary<string, UnifiedResourceDefinition>(),
        environmentId, m.CreatedAt, m.UpdatedAt);
}
