using System.Text.Json.Nodes;

namespace SyncFunctions.Infra.Tests;

/// <summary>
/// What vnetEnabled switches in the compiled template. ARM evaluates conditions only at deployment, so this reads
/// the conditions and the expressions that depend on the parameter: the network exists only in VNet mode, and
/// storage, Key Vault and the app's integration follow it.
/// </summary>
[Trait("Category", "Slow")]
[Collection(InfraCollection.Name)]
public sealed class VnetModeTests(InfraFixture infra)
{
    private const string WhenVnet = "[parameters('vnetEnabled')]";

    private JsonObject Template => infra.MainTemplate;

    /// <summary>A module by its deployment name; a looped module's name is an expression, found by its literal part.</summary>
    private JsonObject Module(string name) =>
        Arm.OfType(Template, "Microsoft.Resources/deployments").Single(d => Arm.String(d, "name") is { } n && (n == name || (n.StartsWith('[') && n.Contains($"'{name}", StringComparison.Ordinal))));

    [Fact]
    public void VnetEnabled_is_off_by_default_and_azd_can_set_it()
    {
        Assert.Equal("bool", Arm.String(Template, "parameters", "vnetEnabled", "type"));
        Assert.Equal(false, Arm.Bool(Template, "parameters", "vnetEnabled", "defaultValue"));
        var file = InfraFixture.ReadJson(Path.Combine(Repo.Infra, "main.parameters.json"));
        Assert.Equal("${VNET_ENABLED=false}", Arm.String(file, "parameters", "vnetEnabled", "value"));
    }

    [Fact]
    public void The_network_and_its_private_endpoints_exist_only_in_vnet_mode()
    {
        Assert.Equal(WhenVnet, Arm.String(Module("network"), "condition"));

        var storage = Module("pe-storage-");
        Assert.Equal(WhenVnet, Arm.String(storage, "condition"));
        Assert.Equal("[length(createArray('blob', 'queue', 'table'))]", Arm.String(storage, "copy", "count"));
        Assert.Equal("[createArray('blob', 'queue', 'table')[copyIndex()]]", Arm.String(storage, "properties", "parameters", "groupId", "value"));

        var vault = Module("pe-vault");
        Assert.Equal(WhenVnet, Arm.String(vault, "condition"));
        Assert.Equal("vault", Arm.String(vault, "properties", "parameters", "groupId", "value"));

        // Each endpoint registers in its zone, so the services' usual host names resolve to it inside the VNet.
        // One template inlined per module: storage's loop and the vault's.
        Assert.Equal(2, Arm.OfType(Template, "Microsoft.Network/privateEndpoints").Count());
        var groups = Arm.OfType(Template, "Microsoft.Network/privateEndpoints/privateDnsZoneGroups").ToList();
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Equal("[parameters('dnsZoneId')]", Arm.String(g["properties"]?["privateDnsZoneConfigs"]?[0], "properties", "privateDnsZoneId")));
    }

    [Fact]
    public void The_network_has_a_delegated_app_subnet_a_private_endpoint_subnet_and_four_linked_dns_zones()
    {
        var vnet = Arm.Single(Template, "Microsoft.Network/virtualNetworks");
        var subnets = (vnet["properties"]?["subnets"] as JsonArray)!.OfType<JsonObject>().ToList();
        Assert.Equal(["app", "private-endpoints"], subnets.Select(s => Arm.String(s, "name")));
        Assert.Equal("Microsoft.App/environments", Arm.String(subnets[0]["properties"]?["delegations"]?[0], "properties", "serviceName"));
        Assert.Equal("Disabled", Arm.String(subnets[1], "properties", "privateEndpointNetworkPolicies"));

        var network = Module("network")["properties"]!["template"]!.AsObject();
        var zones = network["variables"]?["zones"]?.AsObject();
        Assert.NotNull(zones);
        Assert.Equal(["blob", "queue", "table", "vault"], zones.Select(z => z.Key).Order());
        Assert.Contains("privatelink.vaultcore.", (string?)zones["vault"], StringComparison.Ordinal);
        Assert.Equal("[length(items(variables('zones')))]", Arm.String(Arm.Single(Template, "Microsoft.Network/privateDnsZones"), "copy", "count"));
        Assert.Equal("[length(items(variables('zones')))]", Arm.String(Arm.Single(Template, "Microsoft.Network/privateDnsZones/virtualNetworkLinks"), "copy", "count"));
    }

    [Theory]
    [InlineData("storage", "Microsoft.Storage/storageAccounts")]
    [InlineData("keyvault", "Microsoft.KeyVault/vaults")]
    public void Storage_and_key_vault_turn_public_access_off_in_vnet_mode(string module, string type)
    {
        Assert.Equal(WhenVnet, Arm.String(Module(module), "properties", "parameters", "privateOnly", "value"));

        var resource = Arm.Single(Template, type);
        Assert.Equal("[if(parameters('privateOnly'), 'Disabled', 'Enabled')]", Arm.String(resource, "properties", "publicNetworkAccess"));
        Assert.Equal("[if(parameters('privateOnly'), 'Deny', 'Allow')]", Arm.String(resource, "properties", "networkAcls", "defaultAction"));
    }

    [Fact]
    public void The_function_app_integrates_with_the_app_subnet_in_vnet_mode_once_the_endpoints_exist()
    {
        var api = Module("api");
        var subnet = Arm.String(api, "properties", "parameters", "virtualNetworkSubnetId") ?? "";
        Assert.StartsWith("[if(parameters('vnetEnabled'), ", subnet, StringComparison.Ordinal);
        Assert.Contains("outputs.appSubnetId.value", subnet, StringComparison.Ordinal);

        var site = Arm.Single(Template, "Microsoft.Web/sites");
        Assert.Equal("[if(empty(parameters('virtualNetworkSubnetId')), null(), parameters('virtualNetworkSubnetId'))]",
            Arm.String(site, "properties", "virtualNetworkSubnetId"));

        // With public access off, the app can reach storage and its Key Vault references only through the endpoints.
        var dependsOn = (api["dependsOn"] as JsonArray)!.Select(d => (string?)d).ToList();
        Assert.Contains(dependsOn, d => d!.Contains("pe-vault", StringComparison.Ordinal));
        Assert.Contains(dependsOn, d => d!.Contains("pe-storage-", StringComparison.Ordinal) || d == "storageEndpoints");
    }
}
