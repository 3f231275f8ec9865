using Microsoft.Extensions.Configuration;

namespace SyncFunctions.Infra.Tests.HostSettings;

/// <summary>
/// Where the host looks for a storage connection named in a binding or in Durable's options, from its source: the
/// Storage queues extension (Clients.Shared/WebJobsConfigurationExtensions.GetWebJobsConnectionStringSection and
/// StorageClientProvider.TryGetServiceUri) and Durable (WebJobsConnectionInfoProvider.Resolve,
/// StorageServiceClientProviderFactory): first <c>AzureWebJobs{name}</c>, then <c>{name}</c>, each under
/// <c>ConnectionStrings:</c> first; the section is either a connection string or identity-based settings with
/// <c>{service}ServiceUri</c> (or <c>accountName</c>) for each storage service the consumer uses.
/// </summary>
internal static class HostConnections
{
    public const string DefaultStorage = "AzureWebJobsStorage";

    public static IConfigurationSection Section(IConfiguration configuration, string name)
    {
        var prefixed = Lookup(configuration, "AzureWebJobs" + name);
        return prefixed.Exists() ? prefixed : Lookup(configuration, name);
    }

    /// <summary>Why the connection cannot reach <paramref name="service"/> (blob, queue or table), or null when it can.</summary>
    public static string? Problem(IConfiguration configuration, string name, string service)
    {
        var section = Section(configuration, name);
        if (!section.Exists())
        {
            return $"connection '{name}' is not configured (no AzureWebJobs{name} or {name} setting)";
        }

        return !string.IsNullOrEmpty(section.Value)
            || !string.IsNullOrEmpty(section[service + "ServiceUri"])
            || !string.IsNullOrEmpty(section["accountName"])
            ? null
            : $"connection '{name}' is neither a connection string nor has {name}__{service}ServiceUri or {name}__accountName";
    }

    private static IConfigurationSection Lookup(IConfiguration configuration, string name)
    {
        var connectionString = configuration.GetSection("ConnectionStrings").GetSection(name);
        return connectionString.Exists() ? connectionString : configuration.GetSection(name);
    }
}
