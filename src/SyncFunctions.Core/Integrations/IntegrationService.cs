using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Integrations;

public sealed record StoredIntegration(IntegrationDefinition Definition, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record IntegrationView(
    string Name,
    string? BaseUrl,
    AuthDefinition? Auth,
    IReadOnlyDictionary<string, string>? Headers,
    RateLimitDefinition? RateLimit,
    IReadOnlyDictionary<string, ResourceDefinition>? Resources,
    string EnvironmentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Overrides of unified mappings for this integration (environment level).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, Unified.ResourceMapping?>? UnifiedOverrides { get; init; }
}

/// <summary>Integrations of one environment, addressed by name.</summary>
public sealed class IntegrationService(IIntegrationStore store, UpstreamAllowList allowList, CursorCodec cursors, TimeProvider clock)
{
    public async Task<(IntegrationView View, bool Created)> PutAsync(string environmentId, string name, IntegrationDefinition definition, CancellationToken ct)
    {
        definition = definition with { Name = name };
        var errors = IntegrationValidator.Validate(definition, allowList.Hosts)
            .Concat(Unified.MappingRules.CheckOverrides(definition.UnifiedOverrides, "unified_overrides")).ToList();
        if (errors.Count > 0)
        {
            throw ApiException.Validation(errors);
        }

        var existing = await store.GetAsync(environmentId, name, ct);
        var now = clock.GetUtcNow();
        var stored = new StoredIntegration(definition, existing?.CreatedAt ?? now, now);
        var created = await store.UpsertAsync(environmentId, stored, ct);
        return (View(environmentId, stored), created);
    }

    public async Task<IntegrationView> GetAsync(string environmentId, string name, CancellationToken ct) =>
        View(environmentId, await FindAsync(environmentId, name, ct));

    public async Task DeleteAsync(string environmentId, string name, CancellationToken ct)
    {
        if (!await store.DeleteAsync(environmentId, name, ct))
        {
            throw ApiException.NotFound($"The integration '{name}'", "name");
        }
    }

    public async Task<CursorPage<IntegrationView>> ListAsync(string environmentId, string? cursor, int limit, CancellationToken ct)
    {
        var scope = "integrations:" + environmentId;
        var page = await store.ListAsync(environmentId, limit, cursors.Decode(scope, cursor), ct);
        return new CursorPage<IntegrationView>(
            page.Items.Select(i => View(environmentId, i)).ToList(),
            page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }

    private async Task<StoredIntegration> FindAsync(string environmentId, string name, CancellationToken ct) =>
        await store.GetAsync(environmentId, name, ct) ?? throw ApiException.NotFound($"The integration '{name}'", "name");

    private static IntegrationView View(string environmentId, StoredIntegration i) => new(
        i.Definition.Name, i.Definition.BaseUrl, i.Definition.Auth, i.Definition.Headers, i.Definition.RateLimit, i.Definition.Resources,
        environmentId, i.CreatedAt, i.UpdatedAt)
    {
        UnifiedOverrides = i.Definition.UnifiedOverrides,
    };
}
