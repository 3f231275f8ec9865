using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Stores a JSON document in an entity. A string property holds at most 32K characters, so a
/// large document is split over <c>Doc0</c>, <c>Doc1</c>, …; the total stays well under the 1 MB entity limit.
/// </summary>
public static class EntityDocuments
{
    public const int ChunkChars = 30_000;
    public const int MaxChars = 400_000;

    public static JsonSerializerOptions Json { get; } = CreateOptions();

    public static void Write<T>(TableEntity entity, T document)
    {
        var json = JsonSerializer.Serialize(document, Json);
        if (json.Length > MaxChars)
        {
            throw new ApiException(ProblemKind.TooLarge, "document_too_large", "The definition is too large.", $"Stored definitions are limited to {MaxChars} characters of JSON.");
        }

        WriteJson(entity, json);
    }

    /// <summary>Writes JSON text as it is; the caller has checked its size.</summary>
    public static void WriteJson(TableEntity entity, string json)
    {
        var chunks = (json.Length + ChunkChars - 1) / ChunkChars;
        entity["DocChunks"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity["Doc" + i] = json.Substring(i * ChunkChars, Math.Min(ChunkChars, json.Length - (i * ChunkChars)));
        }
    }

    public static string? ReadJson(TableEntity entity)
    {
        var chunks = entity.GetInt32("DocChunks") ?? 0;
        return chunks == 0 ? null : string.Concat(Enumerable.Range(0, chunks).Select(i => entity.GetString("Doc" + i)));
    }

    public static T Read<T>(TableEntity entity)
    {
        var json = ReadJson(entity) ?? "null";
        return JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidDataException($"Entity {entity.PartitionKey}/{entity.RowKey} holds no document.");
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        // Enums by name: a reordered enum must not change what stored documents mean.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
