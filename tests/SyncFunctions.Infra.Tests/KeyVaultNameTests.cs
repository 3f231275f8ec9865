using System.Diagnostics;

namespace SyncFunctions.Infra.Tests;

/// <summary>
/// <c>azd down</c> then <c>azd up</c> with the same environment must not collide with the soft-deleted vault's name.
/// Bicep cannot make a name that changes per provisioning and stays stable across re-deploys, so the vault keeps its
/// derived name, is not purge-protected by default, and azure.yaml's postdown hook purges it; a purge-protected vault
/// (production) gets a new name through keyVaultName instead.
/// </summary>
[Trait("Category", "Slow")]
[Collection(InfraCollection.Name)]
public sealed class KeyVaultNameTests(InfraFixture infra)
{
    private static string Hook => Path.Combine(Repo.Infra, "hooks", "postdown.sh");

    [Fact]
    public void Purge_protection_is_off_by_default_and_the_name_can_be_overridden()
    {
        var parameters = infra.MainTemplate["parameters"]!;
        Assert.Equal(false, Arm.Bool(parameters, "keyVaultPurgeProtection", "defaultValue"));
        Assert.Equal("", Arm.String(parameters, "keyVaultName", "defaultValue"));
        Assert.Equal(24, (int?)parameters["keyVaultName"]?["maxLength"]);

        var module = Arm.OfType(infra.MainTemplate, "Microsoft.Resources/deployments").Single(d => Arm.String(d, "name") == "keyvault");
        Assert.Equal("[parameters('keyVaultPurgeProtection')]", Arm.String(module, "properties", "parameters", "enablePurgeProtection", "value"));
        Assert.StartsWith("[if(empty(parameters('keyVaultName')), ", Arm.String(module, "properties", "parameters", "name"), StringComparison.Ordinal);

        var file = InfraFixture.ReadJson(Path.Combine(Repo.Infra, "main.parameters.json"));
        Assert.Equal("${KEY_VAULT_NAME}", Arm.String(file, "parameters", "keyVaultName", "value"));
        Assert.Equal("${KEY_VAULT_PURGE_PROTECTION=false}", Arm.String(file, "parameters", "keyVaultPurgeProtection", "value"));
    }

    [Fact]
    public void Azure_yaml_runs_the_purge_hook_after_azd_down()
    {
        var lines = File.ReadAllLines(Repo.AzureYaml).Select(l => l.TrimEnd()).ToList();
        var hooks = lines.IndexOf("hooks:");
        Assert.True(hooks >= 0, "azure.yaml has no top-level hooks:");
        var postdown = lines.FindIndex(hooks, l => l == "  postdown:");
        Assert.True(postdown > hooks, "azure.yaml has no postdown hook");
        Assert.Contains("      run: ./infra/hooks/postdown.sh", lines.Skip(postdown).TakeWhile(l => l.Length == 0 || l.StartsWith("    ", StringComparison.Ordinal) || l == "  postdown:"));
        Assert.True(File.Exists(Hook));
    }

    [Fact]
    public async Task The_hook_passes_shellcheck()
    {
        var (code, output, _) = await RunAsync("shellcheck", [Hook], []);
        Assert.True(code == 0, output);
    }

    [Theory]
    [InlineData("deleted", 0, "purge --name kv-abc")]
    [InlineData("protected", 0, null)]
    [InlineData("gone", 0, null)]
    [InlineData("purge-fails", 1, "purge --name kv-abc")]
    public async Task The_hook_purges_only_a_soft_deleted_vault_without_purge_protection(string state, int exitCode, string? purge)
    {
        var bin = Directory.CreateTempSubdirectory("syncfunctions-az-").FullName;
        try
        {
            // A stand-in Azure CLI: answers show-deleted for the given state, logs every call.
            var log = Path.Combine(bin, "calls.log");
            var az = Path.Combine(bin, "az");
            await File.WriteAllTextAsync(az, $$"""
                #!/bin/sh
                echo "$*" >> '{{log}}'
                case "$2" in
                  show-deleted)
                    case '{{state}}' in
                      gone) exit 3 ;;
                      protected) echo true ;;
                      *) echo '' ;;
                    esac ;;
                  purge) [ '{{state}}' = purge-fails ] && exit 1 ;;
                esac
                exit 0

                """);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var (code, output, _) = await RunAsync("sh", [Hook], new()
            {
                ["AZURE_KEY_VAULT_NAME"] = "kv-abc",
                ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            });

            Assert.True(code == exitCode, $"exit {code}:\n{output}");
            var calls = File.Exists(log) ? await File.ReadAllLinesAsync(log) : [];
            Assert.StartsWith("keyvault show-deleted --name kv-abc", calls[0], StringComparison.Ordinal);
            if (purge is null)
            {
                Assert.DoesNotContain(calls, c => c.Contains("purge --name", StringComparison.Ordinal));
            }
            else
            {
                Assert.Contains(calls, c => c.StartsWith("keyvault " + purge, StringComparison.Ordinal));
            }

            if (state == "protected")
            {
                Assert.Contains("azd env set KEY_VAULT_NAME", output, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    private static async Task<(int Code, string Output, string StdErr)> RunAsync(string program, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout + await stderr, await stderr);
    }
}
