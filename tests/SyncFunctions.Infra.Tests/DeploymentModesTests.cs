namespace SyncFunctions.Infra.Tests;

/// <summary>
/// main.bicep with the parameters of each deployment mode (VNet off, the default, and on), compiled with
/// <c>bicep build-params</c> and linted, offline: the values type-check against the template's declarations.
/// </summary>
[Trait("Category", "Slow")]
[Collection(InfraCollection.Name)]
public sealed class DeploymentModesTests
{
    public static TheoryData<bool, int> Modes => new() { { false, 4 }, { true, 16 } };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Each_mode_builds_and_lints_without_errors_or_warnings(bool vnetEnabled, int partitionCount)
    {
        using var mode = ModeFile.Write(vnetEnabled, partitionCount);

        var build = await Bicep.RunAsync(mode.Dir, "build-params", mode.File, "--outfile", "parameters.json", "--no-restore");
        var lint = await Bicep.RunAsync(mode.Dir, "lint", mode.File, "--no-restore");

        Assert.True(build.ExitCode == 0 && build.Problems.Count == 0, build.ToString());
        Assert.True(lint.ExitCode == 0 && lint.Problems.Count == 0, lint.ToString());
        var parameters = InfraFixture.ReadJson(Path.Combine(mode.Dir, "parameters.json"))["parameters"];
        Assert.Equal(vnetEnabled, Arm.Bool(parameters, "vnetEnabled", "value"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public async Task A_partition_count_outside_1_to_16_is_refused(int partitionCount)
    {
        using var mode = ModeFile.Write(vnetEnabled: false, partitionCount);

        var build = await Bicep.RunAsync(mode.Dir, "build-params", mode.File, "--outfile", "parameters.json", "--no-restore");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("BCP32", build.Output, StringComparison.Ordinal);
    }

    /// <summary>A .bicepparam file for main.bicep in a temporary folder, with infra's linter configuration.</summary>
    private sealed class ModeFile : IDisposable
    {
        private ModeFile(string dir) => Dir = dir;

        public string Dir { get; }

        public string File => "mode.bicepparam";

        public static ModeFile Write(bool vnetEnabled, int partitionCount)
        {
            var mode = new ModeFile(Directory.CreateTempSubdirectory("syncfunctions-mode-").FullName);
            System.IO.File.Copy(Path.Combine(Repo.Infra, "bicepconfig.json"), Path.Combine(mode.Dir, "bicepconfig.json"));
            var main = Path.GetRelativePath(mode.Dir, Path.Combine(Repo.Infra, "main.bicep")).Replace('\\', '/');
            System.IO.File.WriteAllText(Path.Combine(mode.Dir, mode.File), $"""
                using '{main}'

                param environmentName = 'dev'
                param location = 'eastus'
                param vnetEnabled = {(vnetEnabled ? "true" : "false")}
                param partitionCount = {partitionCount}

                """);
            return mode;
        }

        public void Dispose() => Directory.Delete(Dir, recursive: true);
    }
}
