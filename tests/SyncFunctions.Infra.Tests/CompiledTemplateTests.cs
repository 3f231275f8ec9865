using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SyncFunctions.Infra.Tests;

/// <summary>What the compiled ARM template (main.json, modules inlined) deploys, read from the JSON.</summary>
[Trait("Category", "Slow")]
[Collection(InfraCollection.Name)]
public sealed partial class CompiledTemplateTests(InfraFixture infra)
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Guid();

    private JsonObject Template => infra.MainTemplate;

    private JsonObject AppSettings()
    {
        var config = Arm.OfType(Template, "Microsoft.Web/sites/config")
            .Single(c => (Arm.String(c, "name") ?? "").Contains("'appsettings'", StringComparison.Ordinal));
        return config["properties"] as JsonObject ?? throw new InvalidOperationException("appsettings has no literal properties object");
    }

    [Fact]
    public void StorageAllowsOnlyIdentityBasedHttpsAccess()
    {
        var storage = Arm.Single(Template, "Microsoft.Storage/storageAccounts");
        Assert.Equal(false, Arm.Bool(storage, "properties", "allowSharedKeyAccess"));
        Assert.Equal(false, Arm.Bool(storage, "properties", "allowBlobPublicAccess"));
        Assert.Equal(true, Arm.Bool(storage, "properties", "supportsHttpsTrafficOnly"));
        Assert.Equal("TLS1_2", Arm.String(storage, "properties", "minimumTlsVersion"));
    }

    [Fact]
    public void ThePlanIsFlexConsumptionOnLinux()
    {
        var plan = Arm.Single(Template, "Microsoft.Web/serverfarms");
        Assert.Equal("FC1", Arm.String(plan, "sku", "name"));
        Assert.Equal("FlexConsumption", Arm.String(plan, "sku", "tier"));
        Assert.Equal(true, Arm.Bool(plan, "properties", "reserved"));
    }

    [Fact]
    public void TheFunctionAppRunsDotnetIsolated10WithItsUserAssignedIdentity()
    {
        var site = Arm.Single(Template, "Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", Arm.String(site, "kind"));
        Assert.Equal("UserAssigned", Arm.String(site, "identity", "type"));
        Assert.Equal(true, Arm.Bool(site, "properties", "httpsOnly"));
        Assert.False(string.IsNullOrEmpty(Arm.String(site, "properties", "keyVaultReferenceIdentity")));

        var config = site["properties"]?["functionAppConfig"];
        Assert.Equal("dotnet-isolated", Arm.String(config, "runtime", "name"));
        Assert.Equal("10.0", Arm.String(config, "runtime", "version"));
        Assert.NotNull(config?["scaleAndConcurrency"]?["maximumInstanceCount"]);
        Assert.NotNull(config?["scaleAndConcurrency"]?["instanceMemoryMB"]);

        // The deployment package goes to an app-package-* blob container, reached with the identity.
        Assert.Equal("blobContainer", Arm.String(config, "deployment", "storage", "type"));
        Assert.Equal("UserAssignedIdentity", Arm.String(config, "deployment", "storage", "authentication", "type"));
        Assert.False(string.IsNullOrEmpty(Arm.String(config, "deployment", "storage", "authentication", "userAssignedIdentityResourceId")));
        var container = Arm.Single(Template, "Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal("None", Arm.String(container, "properties", "publicAccess"));
        var deploymentContainer = Arm.String(Template, "variables", "deploymentStorageContainerName") ?? "";
        Assert.Contains("app-package-", deploymentContainer, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettingsUseIdentityBasedStorageForBlobQueueAndTable()
    {
        var settings = AppSettings();
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            var value = Arm.String(settings, $"AzureWebJobsStorage__{service}ServiceUri");
            Assert.False(string.IsNullOrEmpty(value), $"AzureWebJobsStorage__{service}ServiceUri is not set");
            Assert.Contains($"primaryEndpoints.{service}", value, StringComparison.Ordinal);
        }

        Assert.Equal("managedidentity", Arm.String(settings, "AzureWebJobsStorage__credential"));
        Assert.False(string.IsNullOrEmpty(Arm.String(settings, "AzureWebJobsStorage__clientId")));

        // No connection string with a key, and nothing Flex Consumption sets from functionAppConfig.
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"));
        Assert.False(settings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"));
        Assert.False(settings.ContainsKey("FUNCTIONS_EXTENSION_VERSION"));
    }

    [Fact]
    public void AppSettingsCarryTheSyncFunctionsConfiguration()
    {
        var settings = AppSettings();
        Assert.Contains("Authorization=AAD", Arm.String(settings, "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"), StringComparison.Ordinal);
        Assert.Contains("ClientId=", Arm.String(settings, "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(Arm.String(settings, "APPLICATIONINSIGHTS_CONNECTION_STRING")));
        Assert.False(string.IsNullOrEmpty(Arm.String(settings, "SyncFunctions__TaskHub")));
        Assert.Equal("sf", Arm.String(settings, "SyncFunctions__TablePrefix"));
        Assert.Equal("", Arm.String(settings, "SyncFunctions__AllowedUpstreamHosts"));

        foreach (var secret in new[] { "SyncFunctions__AdminKey", "SyncFunctions__CredentialKey" })
        {
            var value = Arm.String(settings, secret) ?? "";
            Assert.Contains("@Microsoft.KeyVault(VaultName=", value, StringComparison.Ordinal);
            Assert.Contains(";SecretName=", value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RoleAssignmentsGrantStorageMonitoringAndKeyVaultRoles()
    {
        var assignments = Arm.OfType(Template, "Microsoft.Authorization/roleAssignments").ToList();
        var roles = assignments
            .SelectMany(a => Guid().Matches(Arm.String(a, "properties", "roleDefinitionId") ?? "").Select(m => m.Value.ToLowerInvariant()))
            .ToHashSet();

        Assert.Contains(StorageBlobDataOwner, roles);
        Assert.Contains(StorageQueueDataContributor, roles);
        Assert.Contains(StorageTableDataContributor, roles);
        Assert.Contains(MonitoringMetricsPublisher, roles);
        Assert.Contains(KeyVaultSecretsUser, roles);

        // Deterministic names, so a re-deploy updates the same assignment instead of adding one.
        Assert.All(assignments, a => Assert.StartsWith("[guid(", Arm.String(a, "name"), StringComparison.Ordinal));
    }

    [Fact]
    public void ApplicationInsightsIsWorkspaceBasedWithoutLocalAuth()
    {
        var insights = Arm.Single(Template, "Microsoft.Insights/components");
        Assert.Equal(true, Arm.Bool(insights, "properties", "disableLocalAuth"));
        Assert.False(string.IsNullOrEmpty(Arm.String(insights, "properties", "workspaceResourceId")));
        Arm.Single(Template, "Microsoft.OperationalInsights/workspaces");
    }

    [Fact]
    public void KeyVaultUsesRbacAndCreatesTheSecretsOnlyIfMissing()
    {
        var vault = Arm.Single(Template, "Microsoft.KeyVault/vaults");
        Assert.Equal(true, Arm.Bool(vault, "properties", "enableRbacAuthorization"));
        Assert.Equal(true, Arm.Bool(vault, "properties", "enableSoftDelete"));
        // Purge protection is a parameter, off by default (KeyVaultNameTests says why).
        Assert.Equal("[if(parameters('enablePurgeProtection'), true(), null())]", Arm.String(vault, "properties", "enablePurgeProtection"));

        var secrets = Arm.OfType(Template, "Microsoft.KeyVault/vaults/secrets").ToList();
        Assert.Equal(2, secrets.Count);
        foreach (var name in new[] { "'admin-key'", "'credential-key'" })
        {
            var secret = Assert.Single(secrets, s => (Arm.String(s, "name") ?? "").Contains(name, StringComparison.Ordinal));
            // Re-deploys must not overwrite the secrets (a new credential key would orphan stored credentials).
            Assert.NotNull(secret["@options"]?["onlyIfNotExists"]);
            Assert.StartsWith("[parameters(", Arm.String(secret, "properties", "value"), StringComparison.Ordinal);
        }

        // Their first values are random defaults of secure parameters.
        foreach (var name in new[] { "adminKey", "credentialKey" })
        {
            var parameter = Template["parameters"]?[name];
            Assert.Equal("securestring", Arm.String(parameter, "type"));
            Assert.Contains("newGuid()", Arm.String(parameter, "defaultValue"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("AZURE_LOCATION")]
    [InlineData("AZURE_TENANT_ID")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("SERVICE_API_NAME")]
    [InlineData("SERVICE_API_URI")]
    [InlineData("AZURE_KEY_VAULT_NAME")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    public void MainHasTheOutputsAzdUses(string output)
    {
        Assert.NotNull(Template["outputs"]?[output]);
        Assert.Equal("string", Arm.String(Template, "outputs", output, "type"));
    }
}
