using Microsoft.Extensions.Configuration;

namespace SyncFunctions.Infra.Tests.HostSettings;

/// <summary>
/// The configuration the Functions host resolves <c>%name%</c> tokens and connections against, built from app settings
/// the way the host builds it. App settings reach the host as environment variables (App Service and Flex Consumption
/// set them so; <c>func start</c> does the same with local.settings.json's Values), and the host's job host reads them
/// through the standard environment-variables provider (azure-webjobs-sdk,
/// src/Microsoft.Azure.WebJobs.Host/Hosting/WebJobsHostBuilderExtensions.cs, TryAddDefaultConfigurationSources:
/// <c>config.AddEnvironmentVariables()</c>), which turns <c>__</c> into the key separator <c>:</c>.
/// </summary>
internal static class HostConfiguration
{
    private static readonly Lock EnvironmentGate = new();

    /// <summary>
    /// Runs the real environment-variables provider over <paramref name="appSettings"/>: they are set as process
    /// environment variables under a unique prefix for the moment the provider loads, and the prefix is stripped by the
    /// provider itself, so keys come out exactly as the host sees them.
    /// </summary>
    public static IConfiguration FromAppSettings(IReadOnlyDictionary<string, string> appSettings)
    {
        var prefix = "SFHOSTTEST" + Guid.NewGuid().ToString("N") + "_";
        lock (EnvironmentGate)
        {
            try
            {
                // .NET cannot set an empty environment variable (it unsets it), so empty settings are left out:
                // a token naming one counts as unresolved here, which is stricter than the host.
                foreach (var (name, value) in appSettings.Where(s => s.Value.Length > 0))
                {
                    Environment.SetEnvironmentVariable(prefix + name, value);
                }

                return new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            }
            finally
            {
                foreach (var name in appSettings.Keys)
                {
                    Environment.SetEnvironmentVariable(prefix + name, null);
                }
            }
        }
    }
}
