using System.Text.Json.Nodes;

namespace SyncFunctions.Infra.Tests.HostSettings;

/// <summary>
/// The settings the host resolves at start-up, checked against the configuration it would build from local
/// development's settings and from the deployment's: <c>%name%</c> tokens in host.json and in the trigger bindings
/// of functions.metadata, Durable's task hub name, and the storage connections triggers and Durable use.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class HostSettingsTests(InfraFixture infra)
{
    public static TheoryData<string> Sources => [AppSettingsSources.LocalSample, AppSettingsSources.Infra];

    private HostNameResolver Resolver(string source) =>
        new(HostConfiguration.FromAppSettings(AppSettingsSources.For(source, infra)));

    [Theory]
    [MemberData(nameof(Sources))]
    public void Every_token_in_host_json_names_a_setting(string source)
    {
        var resolver = Resolver(source);
        var unresolved = HostJson.Strings(HostJson.Read())
            .SelectMany(s => resolver.Unresolved(s.Value).Select(name => $"{s.Path}: %{name}%"))
            .ToList();

        Assert.True(unresolved.Count == 0, $"with the app settings of {source}, the host cannot resolve " + string.Join(", ", unresolved));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Every_token_in_the_trigger_bindings_names_a_setting(string source)
    {
        var resolver = Resolver(source);
        var strings = FunctionsMetadata.Bindings()
            .SelectMany(b => b.Binding
                .Where(p => p.Value is JsonValue v && v.TryGetValue<string>(out _))
                .Select(p => (Where: $"{b.Function}.{(string?)b.Binding["name"]}.{p.Key}", Text: (string)p.Value!)))
            .ToList();
        Assert.NotEmpty(strings);

        var unresolved = strings.SelectMany(s => resolver.Unresolved(s.Text).Select(name => $"{s.Where}: %{name}%")).ToList();
        Assert.True(unresolved.Count == 0, $"with the app settings of {source}, the host cannot resolve " + string.Join(", ", unresolved));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void The_task_hub_name_resolves_to_one_durable_azure_storage_accepts(string source)
    {
        var hubName = Arm.String(HostJson.Read(), "extensions", "durableTask", "hubName");
        Assert.False(string.IsNullOrEmpty(hubName), "host.json sets no extensions.durableTask.hubName");

        // Durable keeps the text as written when a token does not resolve, and then refuses it as a name.
        var resolved = Resolver(source).TryResolveWholeString(hubName) ?? hubName;

        Assert.False(AppSettingsSources.IsDeploymentTime(resolved), $"the task hub name from {source} is computed at deployment ({resolved}); give it a literal value");
        var problem = DurableTaskHubName.Problem(resolved);
        Assert.True(problem is null, $"with the app settings of {source}, Durable refuses the task hub name: {problem}");
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Queue_triggers_and_durable_reach_their_storage_connections(string source)
    {
        var configuration = HostConfiguration.FromAppSettings(AppSettingsSources.For(source, infra));
        var resolver = new HostNameResolver(configuration);

        // Queue triggers resolve %tokens% in the connection name first (StorageClientProvider.Get).
        var needs = FunctionsMetadata.Bindings()
            .Where(b => (string?)b.Binding["type"] == "queueTrigger")
            .Select(b => (Who: b.Function, Connection: resolver.TryResolveWholeString((string?)b.Binding["connection"] ?? "") ?? "", Service: "queue"))
            .ToList();
        Assert.NotEmpty(needs);

        // Durable's Azure Storage backend uses blobs (leases, large messages), queues and tables.
        var storageProvider = HostJson.Read()["extensions"]?["durableTask"]?["storageProvider"];
        var durableConnection = Arm.String(storageProvider, "connectionName") ?? Arm.String(storageProvider, "connectionStringName");
        needs.AddRange(new[] { "blob", "queue", "table" }.Select(service =>
            (Who: "durableTask", Connection: string.IsNullOrEmpty(durableConnection) ? HostConnections.DefaultStorage : durableConnection, Service: service)));

        var problems = needs
            .Select(n => (n.Who, Problem: HostConnections.Problem(configuration, n.Connection.Length == 0 ? HostConnections.DefaultStorage : n.Connection, n.Service)))
            .Where(p => p.Problem is not null)
            .Select(p => $"{p.Who}: {p.Problem}")
            .Distinct()
            .ToList();
        Assert.True(problems.Count == 0, $"with the app settings of {source}: " + string.Join("; ", problems));
    }
}
