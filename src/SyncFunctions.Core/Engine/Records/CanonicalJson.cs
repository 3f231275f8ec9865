using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncFunctions.Core.Engine.Records;

/// <summary>
/// A canonical JSON form for change detection: object keys sorted (ordinal) at every level, no whitespace,
/// strings escaped one fixed way. Two bodies that differ only in key order or formatting give the same bytes.
/// </summary>
public static class CanonicalJson
{
    public static byte[] Serialize(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, SkipValidation = false }))
        {
            Write(writer, node);
        }
        return buffer.ToArray();
    }

    /// <summary>Lower-case hex SHA-256 of <see cref="Serialize"/>.</summary>
    public static string Hash(JsonNode? node) => Hash(Serialize(node));

    public static string Hash(byte[] canonical) => Convert.ToHexStringLower(SHA256.HashData(canonical));

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
