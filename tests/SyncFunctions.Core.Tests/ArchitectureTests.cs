using System.Text.RegularExpressions;

namespace SyncFunctions.Core.Tests;

public sealed partial class ArchitectureTests
{
    [GeneratedRegex(@"^\s*public\s+interface\s+(I\w+)", RegexOptions.Multiline)]
    private static partial Regex PublicInterface();

    [Fact]
    public void Core_references_nothing_from_azure_functions_or_durable()
    {
        var references = typeof(Core.Errors.ApiException).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        Assert.DoesNotContain(references, n =>
            n.StartsWith("Azure", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.Azure", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.DurableTask", StringComparison.Ordinal)
            || n.StartsWith("DurableTask", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_port_of_core_lives_in_a_file_named_for_it()
    {
        var core = Path.Combine(RepositoryRoot(), "src", "SyncFunctions.Core");
        var ports = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(core, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .SelectMany(f => PublicInterface().Matches(File.ReadAllText(Path.Combine(core, f))).Select(m => (File: f, Name: m.Groups[1].Value)))
            .ToList();
        var offenders = ports
            .Where(p => Path.GetFileName(p.File) != p.Name + ".cs")
            .Select(p => $"{p.Name} in {p.File}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(ports);
        Assert.True(offenders.Count == 0, $"Each public interface of Core belongs in a file named for it (IFoo in IFoo.cs); {offenders.Count} are not:\n{string.Join("\n", offenders)}");
    }

    /// <summary>Walks up from the test binaries to the folder holding SyncFunctions.sln.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SyncFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"SyncFunctions.sln not found above {AppContext.BaseDirectory}.");
    }
}
