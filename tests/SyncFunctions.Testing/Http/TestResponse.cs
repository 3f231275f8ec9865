using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SyncFunctions.Testing.Http;

public sealed record TestResponse(int Status, IHeaderDictionary Headers, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v.ToString() : null;

    /// <summary>Reads a string property of the JSON body.</summary>
    public string? Str(string property) =>
        Json.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public override string ToString() => $"{Status} {ContentType}\n{Body}";
}
