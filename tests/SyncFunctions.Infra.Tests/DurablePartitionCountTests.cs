using Microsoft.Extensions.Configuration;
using SyncFunctions.Infra.Tests.HostSettings;

namespace SyncFunctions.Infra.Tests;

/// <summary>
/// partitionCount reaches Durable's Azure Storage provider as an override of host.json: the host reads app settings
/// named <c>AzureFunctionsJobHost__&lt;path&gt;</c> as host.json values (learn.microsoft.com/azure/azure-functions/functions-host-json#override-hostjson-values),
/// and the provider's setting is <c>extensions.durableTask.storageProvider.partitionCount</c> (default 4, at most 16).
/// </summary>
[Trait("Category", "Slow")]
[Collection(InfraCollection.Name)]
public sealed class DurablePartitionCountTests(InfraFixture infra)
{
    private const string Setting = "AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount";

    [Fact]
    public void Main_takes_1_to_16_partitions_default_4_and_passes_them_to_the_app()
    {
        var parameter = infra.MainTemplate["parameters"]?["partitionCount"];
        Assert.Equal("int", Arm.String(parameter, "type"));
        Assert.Equal(4, (int?)parameter?["defaultValue"]);
        Assert.Equal(1, (int?)parameter?["minValue"]);
        Assert.Equal(16, (int?)parameter?["maxValue"]);
        Assert.Contains("FIXED once the task hub exists", Arm.String(parameter, "metadata", "description"), StringComparison.Ordinal);

        var api = Arm.OfType(infra.MainTemplate, "Microsoft.Resources/deployments").Single(d => Arm.String(d, "name") == "api");
        Assert.Equal("[parameters('partitionCount')]", Arm.String(api, "properties", "parameters", "partitionCount", "value"));
        var file = InfraFixture.ReadJson(Path.Combine(Repo.Infra, "main.parameters.json"));
        Assert.Equal("${DURABLE_PARTITION_COUNT=4}", Arm.String(file, "parameters", "partitionCount", "value"));
    }

    [Fact]
    public void The_app_setting_overrides_the_storage_providers_partition_count_in_host_json()
    {
        var settings = AppSettingsSources.InfraAppSettings(infra.MainTemplate);
        Assert.Equal("(set at deployment) [string(parameters('partitionCount'))]", settings[Setting]);

        // The host's configuration key for the setting, as its environment-variables provider builds it.
        var key = HostConfiguration.FromAppSettings(new Dictionary<string, string> { [Setting] = "4" })
            .AsEnumerable().Single(p => p.Value == "4").Key;
        var path = key.Split(':');
        Assert.Equal("AzureFunctionsJobHost", path[0]);
        Assert.Equal("partitionCount", path[^1]);

        // The section it lands in is the one host.json configures Durable's storage provider with.
        var section = path[1..^1].Aggregate((System.Text.Json.Nodes.JsonNode?)HostJson.Read(), (node, name) => node?[name]);
        Assert.Equal("AzureStorage", Arm.String(section, "type"));
    }
}
