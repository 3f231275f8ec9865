using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SyncFunctions.Composition;
using SyncFunctions.Core.Demo;
using SyncFunctions.Infra.Tests.HostSettings;
using SyncFunctions.Tests.Build;

namespace SyncFunctions.Tests.Host;

/// <summary>
/// The harness hands the app in-memory keys (<c>SyncFunctions:TablePrefix</c>); the worker gets app settings as
/// environment variables (<c>SyncFunctions__TablePrefix</c>), read by the default host builder's environment-variables
/// provider (azure-functions-dotnet-worker src/DotNetWorker/Builder/FunctionsApplicationBuilder.cs: ConfigureDefaults).
/// This composes the app from local.settings.sample.json's Values that way and checks every value arrives.
/// </summary>
public sealed class WorkerSettingsTests
{
    private static Dictionary<string, string> SampleValues()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    [Fact]
    public void The_worker_reads_every_value_of_the_local_sample_from_environment_variables()
    {
        var values = SampleValues();
        var configuration = HostConfiguration.FromAppSettings(values);

        using var app = new ServiceCollection().AddLogging().AddSyncFunctions(configuration).BuildServiceProvider();
        var settings = app.GetRequiredService<SyncFunctionsSettings>();

        Assert.Equal(values["SyncFunctions__AdminKey"], settings.AdminKey);
        Assert.Equal(Convert.FromBase64String(values["SyncFunctions__CredentialKey"]), settings.MasterKey);
        Assert.Equal(values["SyncFunctions__TablePrefix"], settings.TablePrefix);
        Assert.Equal(values["AzureWebJobsStorage"], settings.Storage.ConnectionString);
        Assert.Equal(
            values["SyncFunctions__AllowedUpstreamHosts"].Split(',').Order(),
            settings.AllowedUpstreamHosts.Hosts.Order());
        Assert.Equal(int.Parse(values["SyncFunctions__DeviceSyncPageSize"], System.Globalization.CultureInfo.InvariantCulture), settings.DeviceSync.PageSize);
        Assert.Equal(TimeSpan.FromMinutes(int.Parse(values["SyncFunctions__DeviceSessionIdleMinutes"], System.Globalization.CultureInfo.InvariantCulture)), settings.DeviceSync.SessionIdleTimeout);
        Assert.Equal(new DemoSeedOptions(new Uri(values["SyncFunctions__DemoUpstreamUrl"]), values["SyncFunctions__DemoApiKey"]), settings.DemoSeed);

        // With the demo settings, the worker's host starts the seeding service.
        Assert.Contains(app.GetServices<IHostedService>(), s => s is DemoSeedService);
    }
}
