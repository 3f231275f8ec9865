namespace SyncFunctions.Core.Unified;

/// <summary>Reads the unified models a job's resources may name: one point read per distinct <c>{model}/</c> prefix.</summary>
public sealed class UnifiedCatalogLoader(IUnifiedModelStore models)
{
    public async Task<UnifiedCatalog> LoadAsync(
        string environmentId,
        IEnumerable<string?> resources,
        IReadOnlyDictionary<string, ResourceMapping?>? integrationOverrides,
        IReadOnlyDictionary<string, ResourceMapping?>? accountOverrides,
        CancellationToken ct)
    {
        var found = new Dictionary<string, UnifiedModelDefinition>(StringComparer.Ordinal);
        foreach (var name in UnifiedCatalog.ModelNames(resources))
        {
            if (MappingRules.IsName(name) && await models.GetAsync(environmentId, name, ct) is { } model)
            {
                found[name] = model.Definition;
            }
        }

        return found.Count == 0 && integrationOverrides is null && accountOverrides is null
            ? UnifiedCatalog.Empty
            : new UnifiedCatalog(found, integrationOverrides, accountOverrides);
    }
}
