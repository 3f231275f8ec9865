using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncFunctions.Core.Engine;

/// <summary>
/// Reading JSON numbers whatever backs the node: <c>JsonValue.TryGetValue&lt;double&gt;</c> fails on a value
/// built from an <c>int</c> in code, while parsed JSON and code-built values both print the same JSON text.
/// </summary>
internal static class JsonNumbers
{
    public static bool TryGetDouble(JsonNode? node, out double number)
    {
        number = 0;
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)
            && double.IsFinite(number);
    }
}
