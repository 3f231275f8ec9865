using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>Reading the scalars paginators need out of a response body.</summary>
internal static class BodyValues
{
    /// <summary>A string or number as text; null when missing, JSON null or an empty string.</summary>
    /// <exception cref="UpstreamDataException">The value is an object, array or boolean: the path is wrong.</exception>
    public static string? Text(JsonNode? body, JsonPath path, string what)
    {
        var node = path.Select(body);
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.String:
                    var text = value.TryGetValue<string>(out var s) ? s : value.Deserialize<string>();
                    return string.IsNullOrEmpty(text) ? null : text;
                case JsonValueKind.Number:
                    return value.ToJsonString();
                case JsonValueKind.Null:
                    return null;
            }
        }
        throw new UpstreamDataException(EngineErrorCodes.InvalidPaginationValue,
            $"The {what} at {path} is a JSON {node.GetValueKind().ToString().ToLowerInvariant()}, not a string.");
    }

    /// <summary>A non-negative count (number or numeric string); null when absent or not a count.</summary>
    public static long? Count(JsonNode? body, JsonPath? path)
    {
        if (path?.Select(body) is not JsonValue value)
        {
            return null;
        }
        if (JsonNumbers.TryGetDouble(value, out var number))
        {
            return number >= 0 && number <= long.MaxValue ? (long)Math.Ceiling(number) : null;
        }
        return value.GetValueKind() == JsonValueKind.String
            && long.TryParse(value.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : null;
    }
}
