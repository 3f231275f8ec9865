using System.Diagnostics;
using SyncFunctions.Tests.Build;

namespace SyncFunctions.Tests.Docs;

/// <summary>Runs a program in the repository's root, as a user following the docs would, with a time limit.</summary>
internal static class RepositoryProcess
{
    /// <returns>The exit code, and standard output followed by standard error.</returns>
    public static async Task<(int Code, string Output)> RunAsync(string program, string[] args, Dictionary<string, string> environment, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
