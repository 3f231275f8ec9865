using System.Reflection;
using SyncFunctions.Testing;

namespace SyncFunctions.Tests.Build;

internal static class RepositoryPaths
{
    public static string Root { get; } = AzuriteServer.FindRepositoryRoot();

    /// <summary>Debug or Release: whatever this test assembly was built with, so the app output matches.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string AppProject => Path.Combine(Root, "src", "SyncFunctions", "SyncFunctions.csproj");

    public static string AppOutput => Path.Combine(Root, "src", "SyncFunctions", "bin", Configuration, "net10.0");
}
