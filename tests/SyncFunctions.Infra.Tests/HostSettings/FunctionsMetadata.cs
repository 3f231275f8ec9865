using System.Reflection;
using System.Text.Json.Nodes;

namespace SyncFunctions.Infra.Tests.HostSettings;

/// <summary>
/// functions.metadata, which the worker SDK generates from the function attributes at build time and the host reads to
/// create triggers and bindings: the app's trigger settings as the host receives them.
/// </summary>
internal static class FunctionsMetadata
{
    /// <summary>Debug or Release, whichever this test assembly was built with, so the app's output matches.</summary>
    private static string Configuration =>
        typeof(FunctionsMetadata).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string Path => System.IO.Path.Combine(Repo.Root, "src", "SyncFunctions", "bin", Configuration, "net10.0", "functions.metadata");

    /// <summary>Every binding of every function, with the function's name.</summary>
    public static IReadOnlyList<(string Function, JsonObject Binding)> Bindings()
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: build src/SyncFunctions first.");
        var functions = JsonNode.Parse(File.ReadAllText(Path))?.AsArray() ?? throw new InvalidOperationException($"{Path} is empty");
        return functions
            .OfType<JsonObject>()
            .SelectMany(f => (f["bindings"]?.AsArray() ?? []).OfType<JsonObject>().Select(b => ((string?)f["name"] ?? "?", b)))
            .ToList();
    }
}
