using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SyncFunctions.Infra.Tests.HostSettings;

/// <summary>The two sets of app settings the host is started with: local development's and the deployment's.</summary>
internal static partial class AppSettingsSources
{
    public const string LocalSample = "local.settings.sample.json";
    public const string Infra = "infra";

    public static IReadOnlyDictionary<string, string> For(string source, InfraFixture infra) => source switch
    {
        LocalSample => LocalSampleValues(),
        Infra => InfraAppSettings(infra.MainTemplate),
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    /// <summary>local.settings.sample.json's Values, which <c>func start</c> passes to the host as environment variables.</summary>
    public static IReadOnlyDictionary<string, string> LocalSampleValues()
    {
        var sample = InfraFixture.ReadJson(Path.Combine(Repo.Root, LocalSample));
        return (sample["Values"] as JsonObject ?? throw new InvalidOperationException($"{LocalSample} has no Values"))
            .ToDictionary(p => p.Key, p => (string?)p.Value ?? "");
    }

    /// <summary>
    /// The function app's app settings in the compiled main template, with <c>[parameters('x')]</c> evaluated from
    /// what main passes to the module, or the module's default. Other ARM expressions (endpoints, identity ids) are
    /// known only at deployment: they are kept as a marker value, enough to show the setting exists.
    /// </summary>
    public static IReadOnlyDictionary<string, string> InfraAppSettings(JsonObject mainTemplate)
    {
        foreach (var deployment in Arm.OfType(mainTemplate, "Microsoft.Resources/deployments"))
        {
            if (deployment["properties"]?["template"] is not JsonObject module)
            {
                continue;
            }

            var appSettings = Arm.OfType(module, "Microsoft.Web/sites/config")
                .SingleOrDefault(c => (Arm.String(c, "name") ?? "").Contains("'appsettings'", StringComparison.Ordinal));
            if (appSettings?["properties"] is JsonObject properties)
            {
                return properties.ToDictionary(p => p.Key, p => Evaluate((string?)p.Value ?? "", deployment, module));
            }
        }

        throw new InvalidOperationException("no module of main.bicep declares the function app's appsettings");
    }

    /// <summary>Marks a value ARM computes at deployment time.</summary>
    public static bool IsDeploymentTime(string value) => value.StartsWith(DeploymentTimeMarker, StringComparison.Ordinal);

    private const string DeploymentTimeMarker = "(set at deployment) ";

    private static string Evaluate(string value, JsonObject deployment, JsonObject module)
    {
        if (value.StartsWith("[[", StringComparison.Ordinal))
        {
            return value[1..]; // ARM's escape for a literal that starts with '['
        }

        if (!value.StartsWith('['))
        {
            return value;
        }

        if (ParameterReference().Match(value) is { Success: true } match)
        {
            var name = match.Groups[1].Value;
            var passed = deployment["properties"]?["parameters"]?[name]?["value"];
            var given = passed ?? module["parameters"]?[name]?["defaultValue"];
            if (given is JsonValue literal && literal.TryGetValue<string>(out var text) && !text.StartsWith('['))
            {
                return text;
            }
        }

        return DeploymentTimeMarker + value;
    }

    [GeneratedRegex(@"^\[parameters\('([A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex ParameterReference();
}
