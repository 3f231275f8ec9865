using System.Text.Json.Nodes;

namespace SyncFunctions.Infra.Tests;

/// <summary>Reading compiled ARM templates, including the inline templates of modules.</summary>
internal static class Arm
{
    /// <summary>
    /// Every resource declared anywhere in the template: top level and inside nested deployments, whether
    /// "resources" is an array (languageVersion 1) or an object keyed by symbolic name (languageVersion 2.0).
    /// </summary>
    public static IEnumerable<JsonObject> Resources(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    public static IEnumerable<JsonObject> OfType(JsonObject template, string type) =>
        Resources(template).Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public static JsonObject Single(JsonObject template, string type)
    {
        var found = OfType(template, type).ToList();
        Assert.True(found.Count == 1, $"expected one {type} resource, found {found.Count}");
        return found[0];
    }

    /// <summary>The string at a path of property names, or null.</summary>
    public static string? String(JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node?[name];
        }

        return node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
    }

    public static bool? Bool(JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node?[name];
        }

        return node is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;
    }
}
