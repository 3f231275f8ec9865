using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Engine.Records;

/// <summary>
/// Finds the records in a response body and checks each one. Build one per endpoint (paths are parsed
/// once) and call <see cref="Extract"/> per page. A bad record is skipped with a reason; a body whose
/// records_path is not what it should be fails the page (<see cref="UpstreamDataException"/>), because
/// treating it as "no records" would let delete tracking tombstone everything.
/// </summary>
public sealed class RecordExtractor
{
    public const string DefaultIdField = "id";
    public const string DefaultUpdatedAtField = "updated_at";

    private readonly bool _single;
    private readonly JsonPath _recordsPath;
    private readonly JsonPath _idPath;
    private readonly JsonPath _updatedAtPath;
    private readonly JsonPath? _deletedPath;
    private readonly int _maxRecordBytes;

    /// <param name="resource">For id_field, updated_at_field, deleted_field.</param>
    /// <param name="endpoint">For records_path (default <c>$</c>).</param>
    /// <param name="method"><c>get</c> reads one record at records_path; <c>list</c> an array.</param>
    /// <param name="maxRecordBytes">Records whose canonical JSON is larger are skipped as <c>too_large</c>.</param>
    /// <exception cref="ConfigurationException">A path in the definition does not parse.</exception>
    public RecordExtractor(ResourceDefinition resource, EndpointDefinition endpoint, string method, int maxRecordBytes = Core.Records.RecordLimits.MaxRecordBytes)
    {
        _single = method == ResourceMethods.Get;
        _maxRecordBytes = maxRecordBytes;
        _recordsPath = ParsePath(endpoint.RecordsPath ?? "$", "records_path", field: false);
        _idPath = ParsePath(resource.IdField ?? DefaultIdField, "id_field", field: true);
        _updatedAtPath = ParsePath(resource.UpdatedAtField ?? DefaultUpdatedAtField, "updated_at_field", field: true);
        _deletedPath = resource.DeletedField is null ? null : ParsePath(resource.DeletedField, "deleted_field", field: true);
    }

    /// <exception cref="UpstreamDataException">list: records_path is not an array; get: nothing at records_path.</exception>
    public ExtractedRecords Extract(JsonNode? body)
    {
        var found = _recordsPath.Select(body);
        IReadOnlyList<JsonNode?> elements;
        if (_single)
        {
            elements = found is null
                ? throw new UpstreamDataException(EngineErrorCodes.RecordNotFound, $"The response has no record at {_recordsPath}.", "records_path")
                : [found];
        }
        else
        {
            elements = (found as JsonArray)?.ToList() ?? throw new UpstreamDataException(EngineErrorCodes.RecordsNotArray,
                found is null
                    ? $"The response has nothing at {_recordsPath}; expected an array of records."
                    : $"The response has a JSON {found.GetValueKind().ToString().ToLowerInvariant()} at {_recordsPath}; expected an array of records.",
                "records_path");
        }

        var valid = new List<ExtractedRecord>();
        var invalid = new List<InvalidRecord>();
        for (var i = 0; i < elements.Count; i++)
        {
            var outcome = Check(elements[i], i);
            if (outcome.Record is not null)
            {
                valid.Add(outcome.Record);
            }
            else
            {
                invalid.Add(outcome.Invalid!);
            }
        }
        return new ExtractedRecords(valid, invalid);
    }

    private (ExtractedRecord? Record, InvalidRecord? Invalid) Check(JsonNode? element, int index)
    {
        if (element is not JsonObject obj)
        {
            var kind = element is null ? "null" : element.GetValueKind().ToString().ToLowerInvariant();
            return (null, new InvalidRecord(index, InvalidRecordReasons.NotAnObject, $"Record {index} is a JSON {kind}, not an object."));
        }

        var (id, idProblem) = ReadId(obj);
        var canonical = CanonicalJson.Serialize(obj);
        if (canonical.Length > _maxRecordBytes)
        {
            return (null, new InvalidRecord(index, InvalidRecordReasons.TooLarge,
                $"Record {index} is {canonical.Length} bytes; the limit is {_maxRecordBytes}.", id));
        }
        if (id is null)
        {
            return (null, idProblem);
        }

        return (new ExtractedRecord(id, obj, ReadUpdatedAt(obj), ReadDeleted(obj), CanonicalJson.Hash(canonical), index, canonical.Length), null);

        (string? Id, InvalidRecord? Problem) ReadId(JsonObject record)
        {
            var node = _idPath.Select(record);
            if (node is JsonValue value)
            {
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        var text = value.TryGetValue<string>(out var s) ? s : value.Deserialize<string>();
                        if (!string.IsNullOrWhiteSpace(text))
                        {
                            return (text, null);
                        }
                        break;
                    case JsonValueKind.Number:
                        return (value.ToJsonString(), null);
                    case JsonValueKind.Null:
                        break;
                    default:
                        return (null, new InvalidRecord(index, InvalidRecordReasons.InvalidId, $"Record {index} has a {value.GetValueKind().ToString().ToLowerInvariant()} at {_idPath}; an id must be a string or number."));
                }
            }
            else if (node is not null)
            {
                return (null, new InvalidRecord(index, InvalidRecordReasons.InvalidId, $"Record {index} has a JSON {(node is JsonArray ? "array" : "object")} at {_idPath}; an id must be a string or number."));
            }
            return (null, new InvalidRecord(index, InvalidRecordReasons.MissingId, $"Record {index} has no id at {_idPath}."));
        }
    }

    private DateTimeOffset? ReadUpdatedAt(JsonObject record)
    {
        if (_updatedAtPath.Select(record) is not JsonValue value)
        {
            return null;
        }
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed : null;
            case JsonValueKind.Number when JsonNumbers.TryGetDouble(value, out var number) && number is > 0 and < 1e16:
                // Unix time: seconds, or milliseconds when too big to be seconds (1e11 s is the year 5138).
                var ms = number >= 1e11 ? number : number * 1000;
                return DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
            default:
                return null;
        }
    }

    private bool ReadDeleted(JsonObject record) =>
        _deletedPath?.Select(record) is JsonValue value && value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => string.Equals(value.GetValue<string>(), "true", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

    private static JsonPath ParsePath(string text, string name, bool field)
    {
        var ok = field ? JsonPath.TryParseField(text, out var path, out var error) : JsonPath.TryParse(text, out path, out error);
        return ok ? path : throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, $"{name}: {error}", name);
    }
}
