using System.Reflection;
using System.Text.Json;
using SyncFunctions.Http;

namespace SyncFunctions.Testing.Http;

/// <summary>
/// An HTTP-triggered function as the Functions host reads it from functions.metadata: its name, the worker
/// method it runs, its route template (null = the function's name) and its methods (null = every method).
/// </summary>
public sealed record HttpFunction(string Name, string EntryPoint, string? Route, IReadOnlyList<string>? Methods)
{
    /// <summary>The host routes a function that names no route at its own name.</summary>
    public string EffectiveRoute => string.IsNullOrWhiteSpace(Route) ? Name : Route;

    /// <summary>The app method the entry point (<c>Namespace.Type.Method</c>) names, as the worker finds it.</summary>
    public MethodInfo Method()
    {
        var dot = EntryPoint.LastIndexOf('.');
        var type = typeof(ApiRoutes).Assembly.GetType(EntryPoint[..dot])
            ?? throw new InvalidOperationException($"No type {EntryPoint[..dot]} in the app for entry point {EntryPoint}.");
        return type.GetMethod(EntryPoint[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            ?? throw new InvalidOperationException($"No public method for entry point {EntryPoint}.");
    }

    public override string ToString() => $"{Name} [{(Methods is null ? "all" : string.Join(',', Methods))}] {EffectiveRoute}";

    /// <summary>The HTTP functions of a functions.metadata file, in file order.</summary>
    public static IReadOnlyList<HttpFunction> ReadMetadata(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: build src/SyncFunctions first (the Functions SDK generates it).", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var functions = new List<HttpFunction>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .FirstOrDefault(b => string.Equals(b.GetProperty("type").GetString(), "httpTrigger", StringComparison.OrdinalIgnoreCase));
            if (trigger.ValueKind == JsonValueKind.Undefined)
            {
                continue;
            }

            functions.Add(new HttpFunction(
                function.GetProperty("name").GetString()!,
                function.GetProperty("entryPoint").GetString()!,
                trigger.TryGetProperty("route", out var route) && route.ValueKind == JsonValueKind.String ? route.GetString() : null,
                trigger.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array
                    ? methods.EnumerateArray().Select(m => m.GetString()!).ToArray()
                    : null));
        }

        return functions;
    }
}
