using System.Text.Json.Nodes;

namespace SyncFunctions.Infra.Tests.HostSettings;

/// <summary>The repository's host.json (the build copies it next to the worker), and the string values in it.</summary>
internal static class HostJson
{
    public static JsonObject Read() => InfraFixture.ReadJson(Path.Combine(Repo.Root, "host.json"));

    /// <summary>Every string value with its JSON path, e.g. <c>extensions.durableTask.hubName</c>.</summary>
    public static IEnumerable<(string Path, string Value)> Strings(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var found in Strings(child, path.Length == 0 ? key : path + "." + key))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var found in Strings(array[i], $"{path}[{i}]"))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return (path, text);
                break;
        }
    }
}
