using System.Diagnostics;
using System.Text.Json;
using SyncFunctions.Docs;
using SyncFunctions.Tests.Build;

namespace SyncFunctions.Tests.Docs;

/// <summary>
/// The served document through an independent linter (Redocly CLI, npm @redocly/cli, installed by npm ci
/// like Azurite) with its recommended rules: what API tooling a client uses sees no error and no warning.
/// </summary>
public sealed class OpenApiLintTests
{
    private static string Cli => Path.Combine(RepositoryPaths.Root, "node_modules", "@redocly", "cli", "bin", "cli.js");

    private static string Config => Path.Combine(RepositoryPaths.Root, "tests", "SyncFunctions.Tests", "Docs", "redocly.yaml");

    [Fact]
    public async Task The_served_document_lints_with_no_errors_and_no_warnings()
    {
        var problems = await LintAsync(OpenApiDocumentFactory.DocumentJson);

        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n{string.Join("\n", problems)}");
    }

    /// <summary>The gate itself: a document with a known defect must be reported, or a silent linter would pass anything.</summary>
    [Fact]
    public async Task The_linter_reports_an_operation_without_security()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(OpenApiDocumentFactory.DocumentJson)!;
        document["paths"]!["/health"]!["get"]!.AsObject().Remove("security");

        var problems = await LintAsync(document.ToJsonString());

        Assert.Contains(problems, p => p.StartsWith("error security-defined", StringComparison.Ordinal));
    }

    /// <summary>Lints <paramref name="json"/> with the repository's Redocly config; each problem as "severity rule at pointer: message".</summary>
    private static async Task<IReadOnlyList<string>> LintAsync(string json)
    {
        Assert.True(File.Exists(Cli), $"{Cli} is missing: run npm ci (scripts/test.sh does).");
        var dir = Directory.CreateTempSubdirectory("syncfunctions-openapi-").FullName;
        try
        {
            var file = Path.Combine(dir, "openapi.json");
            await File.WriteAllTextAsync(file, json);
            var start = new ProcessStartInfo("node", [Cli, "lint", file, "--config", Config, "--format", "json", "--max-problems", "1000"])
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // Redocly otherwise phones home with usage data and checks npm for a newer version.
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            start.Environment["CI"] = "true";

            using var node = Process.Start(start)!;
            var stdout = node.StandardOutput.ReadToEndAsync();
            var stderr = node.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await node.WaitForExitAsync(limit.Token);

            var output = await stdout;
            var start0 = output.IndexOf('{', StringComparison.Ordinal);
            Assert.True(start0 >= 0, $"redocly lint printed no JSON (exit {node.ExitCode}):\n{output}\n{await stderr}");
            var report = JsonDocument.Parse(output[start0..]).RootElement;
            var problems = report.GetProperty("problems").EnumerateArray().Select(p =>
                $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()} at " +
                $"{string.Join(", ", p.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString()))}: " +
                p.GetProperty("message").GetString()).ToList();
            Assert.True(problems.Count > 0 || node.ExitCode == 0, $"redocly lint exited {node.ExitCode} with no problems:\n{await stderr}");
            return problems;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
