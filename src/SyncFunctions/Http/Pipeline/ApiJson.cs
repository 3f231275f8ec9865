using System.Text.Json;
using SyncFunctions.Core.Json;

namespace SyncFunctions.Http.Pipeline;

/// <summary>JSON on the wire (see <see cref="WireJson"/>), named for the HTTP layer that uses it most.</summary>
public static class ApiJson
{
    /// <summary>For request and response bodies: strict, so a misspelt field is a 400 naming it, not silently ignored.</summary>
    public static JsonSerializerOptions Options => WireJson.Strict;

    /// <summary>For Durable payloads and other internal round trips, where tolerance beats strictness.</summary>
    public static JsonSerializerOptions Payloads => WireJson.Tolerant;
}
