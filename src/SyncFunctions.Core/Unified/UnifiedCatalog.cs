namespace SyncFunctions.Core.Unified;

/// <summary>A job resource bound to a unified resource: the model's resource and the mapping in force (overrides applied).</summary>
/// <param name="Name">The job resource, e.g. <c>crm/contacts</c>.</param>
public sealed record UnifiedBinding(string Name, string Model, string Resource, UnifiedResourceDefinition Definition, ResourceMapping Mapping)
{
    /// <summary>The integration's raw resource that is fetched.</summary>
    public string ProxyResource => Mapping.Resource!;

    /// <summary>The method called on it: the mapping's, else the job entry's.</summary>
    public string ProxyMethod(string entryMethod) => Mapping.Method ?? entryMethod;
}

/// <summary>
/// The unified models a job's resources may name, with the overrides in force for one integration (and account).
/// The rule: a resource <c>{model}/{resource}</c> is unified when the environment has a unified model called
/// <c>{model}</c>; every other name is a proxy (raw) resource of the integration. So an environment without models
/// keeps reading <c>crm/contacts</c> as the raw resource it always was.
/// </summary>
public sealed class UnifiedCatalog(
    IReadOnlyDictionary<string, UnifiedModelDefinition> models,
    IReadOnlyDictionary<string, ResourceMapping?>? integrationOverrides = null,
    IReadOnlyDictionary<string, ResourceMapping?>? accountOverrides = null)
{
    public static UnifiedCatalog Empty { get; } = new(new Dictionary<string, UnifiedModelDefinition>());

    /// <summary>The model prefixes of <paramref name="resources"/>, which a loader reads (and no other model).</summary>
    public static IEnumerable<string> ModelNames(IEnumerable<string?> resources) =>
        resources.Select(r => Split(r)?.Model).OfType<string>().Distinct(StringComparer.Ordinal);

    public bool IsUnified(string? resource) => Split(resource) is { } parts && models.ContainsKey(parts.Model);

    /// <summary>The binding of <paramref name="resource"/> for <paramref name="integration"/>; null with the reason when there is none.</summary>
    public UnifiedBinding? Bind(string resource, string? integration, out string problem)
    {
        problem = "";
        if (Split(resource) is not { } parts || !models.TryGetValue(parts.Model, out var model))
        {
            problem = $"'{resource}' is not a unified resource.";
            return null;
        }

        if (model.Resources?.GetValueOrDefault(parts.Resource) is not { } definition)
        {
            problem = $"The unified model '{parts.Model}' has no resource '{parts.Resource}'.";
            return null;
        }

        var mapping = MappingMerge.Apply(
            integration is null ? null : definition.IntegrationMapping?.GetValueOrDefault(integration),
            integrationOverrides?.GetValueOrDefault(resource),
            accountOverrides?.GetValueOrDefault(resource));
        if (string.IsNullOrEmpty(mapping.Resource) || mapping.ResponseMapping?.GetValueOrDefault("id") is null)
        {
            problem = $"The unified model '{parts.Model}' maps no resource of integration '{integration}' into '{parts.Resource}' (add resources.{parts.Resource}.integration_mapping.{integration} with a resource and response_mapping.id).";
            return null;
        }

        return new UnifiedBinding(resource, parts.Model, parts.Resource, definition, mapping);
    }

    private static (string Model, string Resource)? Split(string? resource)
    {
        var slash = resource?.IndexOf('/') ?? -1;
        return slash > 0 && slash < resource!.Length - 1 && resource.IndexOf('/', slash + 1) < 0
            ? (resource[..slash], resource[(slash + 1)..])
            : null;
    }
}
