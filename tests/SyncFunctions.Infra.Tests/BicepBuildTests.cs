using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SyncFunctions.Infra.Tests;

/// <summary>infra/**/*.bicep compile and lint clean with the Bicep CLI, offline.</summary>
[Trait("Category", "Slow")]
[Collection(InfraCollection.Name)]
public sealed partial class BicepBuildTests(InfraFixture infra)
{
    // Linter rules that must stay at error level in infra/bicepconfig.json.
    private static readonly string[] ErrorRules =
    [
        "adminusername-should-not-be-literal",
        "no-hardcoded-env-urls",
        "no-unnecessary-dependson",
        "no-unused-params",
        "no-unused-vars",
        "outputs-should-not-contain-secrets",
        "prefer-interpolation",
        "protect-commandtoexecute-secrets",
        "secure-parameter-default",
        "secure-secrets-in-params",
        "simplify-interpolation",
        "use-resource-id-functions",
        "use-secure-value-for-secure-inputs",
        "use-stable-resource-identifiers",
    ];

    [GeneratedRegex(@"^\s*(module|import|using)\b.*'(br|ts)[:/]", RegexOptions.Multiline)]
    private static partial Regex RegistryReference();

    [Fact]
    public void InfraHasTheTemplatesAzdUses()
    {
        var files = Repo.BicepFiles();
        Assert.Contains("main.bicep", files);
        Assert.Contains(files, f => f.StartsWith("app/", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(Repo.Infra, "main.parameters.json")));
        Assert.True(File.Exists(Path.Combine(Repo.Infra, "abbreviations.json")));
        Assert.True(File.Exists(Path.Combine(Repo.Infra, "bicepconfig.json")));
    }

    [Fact]
    public void EveryBicepFileBuildsWithoutErrorsOrWarnings()
    {
        var build = infra.Build;
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(build.Problems.Count == 0, build.ToString());

        // --pattern keeps the folder layout under --outdir: one ARM template per .bicep file.
        foreach (var file in Repo.BicepFiles())
        {
            var json = Path.Combine(infra.OutDir, Path.ChangeExtension(file, ".json"));
            Assert.True(File.Exists(json), $"{file} was not compiled ({json} missing). {build}");
        }
    }

    [Fact]
    public async Task EveryBicepFilePassesTheLinter()
    {
        var lint = await Bicep.RunAsync(Repo.Infra, "lint", "--pattern", "**/*.bicep", "--no-restore");
        Assert.True(lint.ExitCode == 0, lint.ToString());
        Assert.True(lint.Problems.Count == 0, lint.ToString());
    }

    [Fact]
    public void NoTemplateUsesRegistryModules()
    {
        // Registry modules (br:, br/public:, ts:) need a download; every module is a local file.
        foreach (var file in Repo.BicepFiles())
        {
            var text = File.ReadAllText(Path.Combine(Repo.Infra, file));
            Assert.False(RegistryReference().IsMatch(text), $"{file} references a registry module");
        }
    }

    [Fact]
    public void BicepConfigRaisesTheImportantRulesToErrors()
    {
        var config = InfraFixture.ReadJson(Path.Combine(Repo.Infra, "bicepconfig.json"));
        var rules = config["analyzers"]?["core"]?["rules"] as JsonObject;
        Assert.NotNull(rules);
        Assert.NotEqual(false, Arm.Bool(config, "analyzers", "core", "enabled"));
        foreach (var rule in ErrorRules)
        {
            Assert.True(Arm.String(rules, rule, "level") == "error", $"bicepconfig.json: {rule} should have level error");
        }
    }

    [Fact]
    public async Task TheLinterGateCatchesViolations()
    {
        // A template with an unused parameter and a hard-coded cloud URL, linted with infra's bicepconfig.json.
        var dir = Directory.CreateTempSubdirectory("syncfunctions-lint-").FullName;
        try
        {
            File.Copy(Path.Combine(Repo.Infra, "bicepconfig.json"), Path.Combine(dir, "bicepconfig.json"));
            await File.WriteAllTextAsync(Path.Combine(dir, "bad.bicep"), """
                param unused string
                output url string = 'https://management.azure.com/'
                """);

            var lint = await Bicep.RunAsync(dir, "lint", "bad.bicep", "--no-restore");

            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains("Error no-unused-params", lint.Output, StringComparison.Ordinal);
            Assert.Contains("Error no-hardcoded-env-urls", lint.Output, StringComparison.Ordinal);
            Assert.NotEmpty(lint.Problems);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
