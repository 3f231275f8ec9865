using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace SyncFunctions.Infra.Tests;

/// <summary>Output of one run of the Bicep CLI.</summary>
internal sealed record BicepResult(string Command, int ExitCode, string StdOut, string StdErr)
{
    public string Output => StdOut + StdErr;

    /// <summary>Diagnostic lines at warning or error level ("file(line,col) : Warning rule: message").</summary>
    public IReadOnlyList<string> Problems =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => Bicep.ProblemPattern().IsMatch(line))
            .ToList();

    public override string ToString() => $"{Command} exited with {ExitCode}:\n{Output}";
}

/// <summary>
/// Runs the Bicep CLI from the Azure.Bicep.CommandLine NuGet package ($(BicepPath), passed in as assembly
/// metadata). Always with --no-restore: nothing may be downloaded, so registry modules cannot be used.
/// </summary>
internal static partial class Bicep
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<string> executable = new(FindExecutable);

    [GeneratedRegex(@"\b(Error|Warning)\b")]
    internal static partial Regex ProblemPattern();

    public static string Executable => executable.Value;

    public static async Task<BicepResult> RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // No ICU needed on minimal machines; no tracing output.
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        start.Environment["BICEP_TRACING_ENABLED"] = "false";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish within {Timeout}.");
            }
        }

        return new BicepResult($"bicep {string.Join(' ', args)}", process.ExitCode, await stdout, await stderr);
    }

    private static string FindExecutable()
    {
        var path = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidOperationException(
                "No BicepPath assembly metadata: the Azure.Bicep.CommandLine package did not set $(BicepPath) at build time.");
        }

        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is not at {path}. The package reference is linux-x64 only; restore on Linux x64.");
        }

        // NuGet does not always keep the executable bit when it extracts a package.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }
}
