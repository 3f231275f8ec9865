using System.Text.Json;

namespace SyncFunctions.Testing.Http;

/// <summary>What the Functions host reads from host.json for HTTP.</summary>
public static class HostJson
{
    /// <summary>The host's default when host.json sets no <c>extensions.http.routePrefix</c>.</summary>
    public const string DefaultRoutePrefix = "api";

    /// <summary><c>extensions.http.routePrefix</c> (keys ignore case, as in the host's configuration); empty means no prefix.</summary>
    public static string RoutePrefix(string hostJsonPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(hostJsonPath), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var prefix = Property(Property(Property(document.RootElement, "extensions"), "http"), "routePrefix");
        return prefix?.ValueKind == JsonValueKind.String ? prefix.Value.GetString()! : DefaultRoutePrefix;
    }

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e
            ? e.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault()
            : null;
}
