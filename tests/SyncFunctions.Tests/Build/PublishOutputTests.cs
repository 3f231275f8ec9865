using System.Diagnostics;

namespace SyncFunctions.Tests.Build;

/// <summary>What `func` and zip deploy need is in the publish output, and local secrets are not.</summary>
[Trait("Category", "Slow")]
public sealed class PublishOutputTests
{
    [Fact]
    public async Task Publish_output_holds_the_host_files_and_no_local_settings()
    {
        var output = Path.Combine(Path.GetTempPath(), "sf-publish-" + Guid.NewGuid().ToString("N"));
        var localSettings = Path.Combine(RepositoryPaths.Root, "src", "SyncFunctions", "local.settings.json");
        var created = !File.Exists(localSettings);
        if (created)
        {
            // Make sure the exclusion is exercised even on a fresh clone.
            await File.WriteAllTextAsync(localSettings, "{\"IsEncrypted\":false,\"Values\":{\"Secret\":\"do-not-publish\"}}");
        }

        try
        {
            var (exit, log) = await RunAsync("dotnet", $"publish \"{RepositoryPaths.AppProject}\" -c {RepositoryPaths.Configuration} --no-build -o \"{output}\"");
            Assert.True(exit == 0, log);

            Assert.True(File.Exists(Path.Combine(output, "host.json")), "host.json");
            Assert.True(File.Exists(Path.Combine(output, "functions.metadata")), "functions.metadata");
            Assert.True(File.Exists(Path.Combine(output, "worker.config.json")), "worker.config.json");
            Assert.True(Directory.Exists(Path.Combine(output, ".azurefunctions")), ".azurefunctions/");
            Assert.True(File.Exists(Path.Combine(output, "SyncFunctions.dll")), "SyncFunctions.dll");
            Assert.False(File.Exists(Path.Combine(output, "local.settings.json")), "local.settings.json must not be published");

            // The linked host.json is the repository's root host.json.
            Assert.Equal(
                await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "host.json")),
                await File.ReadAllTextAsync(Path.Combine(output, "host.json")));
        }
        finally
        {
            if (created)
            {
                File.Delete(localSettings);
            }

            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static async Task<(int Exit, string Log)> RunAsync(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
