using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncFunctions.DemoUpstream;

/// <summary>Spoils an already-rendered JSON body, so every endpoint gets these faults without knowing about them.</summary>
internal static class BodyFaults
{
    public static ReadOnlyMemory<byte> Apply(Fault fault, ReadOnlyMemory<byte> body) => fault.Kind switch
    {
        FaultKind.MalformedJson => Malformed(body.Span),
        FaultKind.TruncatedJson => body[..Math.Clamp((int)(body.Length * fault.KeepFraction), 1, Math.Max(1, body.Length - 1))],
        FaultKind.RecordsWithoutIds => WithoutIds(body, fault.Every),
        _ => body,
    };

    private static byte[] Malformed(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return "{,"u8.ToArray();
        // `{,"data":…` / `[,{…` is complete text that no JSON parser accepts.
        return [body[0], (byte)',', .. body[1..]];
    }

    private static ReadOnlyMemory<byte> WithoutIds(ReadOnlyMemory<byte> body, int every)
    {
        var root = JsonNode.Parse(body.Span);
        var records = root switch
        {
            JsonArray array => array,
            JsonObject envelope => envelope.Select(p => p.Value).OfType<JsonArray>().FirstOrDefault(),
            _ => null,
        };
        if (records is null)
        {
            if (root is JsonObject single) single.Remove("id");
        }
        else
        {
            for (var i = 0; i < records.Count; i += every) (records[i] as JsonObject)?.Remove("id");
        }
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonResponse.WriterOptions)) root?.WriteTo(writer);
        return stream.ToArray();
    }
}
