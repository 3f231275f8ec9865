using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Engine;

/// <summary>The two methods a sync job resource entry can call.</summary>
public static class ResourceMethods
{
    public const string List = "list";
    public const string Get = "get";

    public static IReadOnlyList<string> All { get; } = [List, Get];
}

/// <summary>Finding an integration resource's endpoint for a method.</summary>
public static class Endpoints
{
    /// <summary>The resource and its endpoint for <paramref name="method"/>; null when either is not defined.</summary>
    public static (ResourceDefinition Resource, EndpointDefinition Endpoint)? Find(IntegrationDefinition integration, string? resourceName, string? method)
    {
        if (resourceName is null || integration.Resources is null || !integration.Resources.TryGetValue(resourceName, out var resource) || resource is null)
        {
            return null;
        }
        var endpoint = method switch
        {
            ResourceMethods.List => resource.List,
            ResourceMethods.Get => resource.Get,
            _ => null,
        };
        return endpoint is null ? null : (resource, endpoint);
    }

    /// <summary>Like <see cref="Find"/>, but a missing resource or endpoint is a <see cref="ConfigurationException"/>.</summary>
    public static (ResourceDefinition Resource, EndpointDefinition Endpoint) Require(IntegrationDefinition integration, string? resourceName, string? method) =>
        Find(integration, resourceName, method) ?? throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition,
            $"Integration '{integration.Name}' has no {method} endpoint for resource '{resourceName}'.", "resource");
}
