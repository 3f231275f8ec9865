using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncFunctions.Core.Json;

/// <summary>
/// JSON as the hub writes it anywhere outside the process (API bodies, webhook payloads, queue messages):
/// snake_case like the seed APIs, enums as snake_case strings, UTC timestamps with milliseconds and <c>Z</c>.
/// </summary>
public static class WireJson
{
    /// <summary>For request and response bodies: strict, so a misspelt field is a 400 naming it, not silently ignored.</summary>
    public static JsonSerializerOptions Strict { get; } = Create(strict: true);

    /// <summary>For payloads and other internal round trips, where tolerance beats strictness.</summary>
    public static JsonSerializerOptions Tolerant { get; } = Create(strict: false);

    private static JsonSerializerOptions Create(bool strict)
    {
        var options = new JsonSerializerOptions();
        Apply(options, strict);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// Gives options the hub's wire format: for options a framework owns, such as the ones the Functions worker
    /// registers in DI and Durable binds orchestration inputs with.
    /// </summary>
    public static void Apply(JsonSerializerOptions options, bool strict)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.PropertyNameCaseInsensitive = !strict;
        options.UnmappedMemberHandling = strict ? JsonUnmappedMemberHandling.Disallow : JsonUnmappedMemberHandling.Skip;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.MaxDepth = 64;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcTimestampConverter());
    }

    private sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
