namespace SyncFunctions.Infra.Tests;

/// <summary>Paths in the repository, found from the test assembly's folder.</summary>
internal static class Repo
{
    private static readonly Lazy<string> root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SyncFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"SyncFunctions.sln not found above {AppContext.BaseDirectory}.");
    });

    public static string Root => root.Value;

    public static string Infra => Path.Combine(Root, "infra");

    public static string AzureYaml => Path.Combine(Root, "azure.yaml");

    /// <summary>Every .bicep file under infra/, as paths relative to infra/ with '/' separators.</summary>
    public static IReadOnlyList<string> BicepFiles() =>
        Directory.EnumerateFiles(Infra, "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Infra, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
}
