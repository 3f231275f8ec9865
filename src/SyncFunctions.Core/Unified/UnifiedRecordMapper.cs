using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Placeholders;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.SyncJobs;

namespace SyncFunctions.Core.Unified;

/// <summary>
/// Turns the raw records of a page into unified records: each response_mapping field evaluated over the raw record,
/// the raw record kept whole as <c>remote_data</c>. The unified record's id is its mapped <c>id</c>, its updated-at
/// the mapped <c>updated_at</c> when that reads as a timestamp (else the raw one), and a raw delete marker stays a
/// delete. A record whose mapping fails, whose mapped id is missing, or (with validate_records) that breaks the
/// schema is not stored: it becomes an invalid record (<see cref="InvalidRecordReasons.MappingFailed"/>) whose
/// message starts with the mapping field that failed. Build one per unit; expressions compile once.
/// </summary>
public sealed class UnifiedRecordMapper
{
    public const string RemoteData = "remote_data";
    public const string IdField = "id";
    public const string UpdatedAtField = "updated_at";

    private readonly UnifiedBinding _binding;
    private readonly IReadOnlyList<(string Field, MappingExpression Expression)> _response;
    private readonly IReadOnlyList<(string Param, MappingExpression Expression)> _query;
    private readonly int _maxRecordBytes;

    /// <exception cref="ConfigurationException">An expression does not compile (one saved before a rule, or merged from overrides).</exception>
    public UnifiedRecordMapper(UnifiedBinding binding, int maxRecordBytes = Records.RecordLimits.MaxRecordBytes)
    {
        _binding = binding;
        _maxRecordBytes = maxRecordBytes;
        _response = Compile(binding.Mapping.ResponseMapping, "response_mapping");
        _query = Compile(binding.Mapping.QueryMapping, "query_mapping");
    }

    public UnifiedBinding Binding => _binding;

    /// <summary>
    /// The proxy's query from the job entry's unified query (placeholders rendered) plus <c>previous_run_date</c>:
    /// one parameter per query_mapping field whose value is not null. Strings go as they are, other values as JSON.
    /// </summary>
    public IReadOnlyDictionary<string, string> Query(SyncJobResource entry, PlaceholderContext context)
    {
        if (_query.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        var input = new JsonObject();
        foreach (var (name, template) in entry.Query ?? new Dictionary<string, string>())
        {
            input[name] = Placeholder.Render(template, context, PlaceholderSink.Raw, $"query.{name}");
        }

        input["previous_run_date"] ??= PlaceholderContext.FormatDate(context.PreviousRunDate ?? DateTimeOffset.UnixEpoch);
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (param, expression) in _query)
        {
            JsonNode? value;
            try
            {
                value = expression.Evaluate(input);
            }
            catch (MappingException ex)
            {
                throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, $"query_mapping.{param}: {ex.Message}", $"query_mapping.{param}");
            }

            if (value is not null)
            {
                query[param] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value.ToJsonString();
            }
        }

        return query;
    }

    public async Task<ExtractedRecords> MapAsync(ExtractedRecords raw)
    {
        var valid = new List<ExtractedRecord>(raw.Valid.Count);
        var invalid = new List<InvalidRecord>(raw.Invalid);
        foreach (var record in raw.Valid)
        {
            var (mapped, problem) = await MapOneAsync(record);
            if (mapped is not null)
            {
                valid.Add(mapped);
            }
            else
            {
                invalid.Add(problem!);
            }
        }

        invalid.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new ExtractedRecords(valid, invalid);
    }

    private async Task<(ExtractedRecord? Record, InvalidRecord? Problem)> MapOneAsync(ExtractedRecord raw)
    {
        var token = MappingExpression.ToToken(raw.Data);
        var unified = new JsonObject();
        foreach (var (field, expression) in _response)
        {
            try
            {
                unified[field] = expression.Evaluate(token);
            }
            catch (MappingException ex)
            {
                return Failed($"response_mapping.{field}", ex.Message);
            }
        }

        var id = unified[IdField] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetValue<string>()) => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        };
        if (id is null)
        {
            return Failed($"response_mapping.{IdField}", $"'{_binding.Mapping.ResponseMapping![IdField]}' gives {Describe(unified[IdField])}, not a string or number id.");
        }

        if (_binding.Definition.ValidateRecords == true && _binding.Definition.Schema is { } schema)
        {
            var errors = await ArgsSchema.ValidateAsync(schema, unified);
            if (errors.Count > 0)
            {
                var first = errors[0];
                return Failed("schema" + first.Field["args".Length..], $"The mapped record does not match the schema: {first.Message}.");
            }
        }

        unified[RemoteData] = raw.Data.DeepClone();
        var canonical = CanonicalJson.Serialize(unified);
        if (canonical.Length > _maxRecordBytes)
        {
            return (null, new InvalidRecord(raw.Index, InvalidRecordReasons.TooLarge,
                $"Record {raw.Index} is {canonical.Length} bytes mapped; the limit is {_maxRecordBytes}.", id));
        }

        return (new ExtractedRecord(id, unified, UpdatedAt(unified[UpdatedAtField]) ?? raw.UpdatedAt, raw.Deleted, CanonicalJson.Hash(canonical), raw.Index, canonical.Length), null);

        (ExtractedRecord?, InvalidRecord?) Failed(string field, string message) =>
            (null, new InvalidRecord(raw.Index, InvalidRecordReasons.MappingFailed, $"{field}: record {raw.Index} (raw id {raw.Id}) of {_binding.Name}: {message}", raw.Id, field));
    }

    private static DateTimeOffset? UpdatedAt(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String
        && DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;

    private static string Describe(JsonNode? node) => node is null ? "nothing" : $"a JSON {node.GetValueKind().ToString().ToLowerInvariant()}";

    private static List<(string, MappingExpression)> Compile(IReadOnlyDictionary<string, string?>? expressions, string field)
    {
        var compiled = new List<(string, MappingExpression)>();
        foreach (var (name, text) in expressions ?? new Dictionary<string, string?>())
        {
            if (text is null)
            {
                continue;
            }

            compiled.Add(MappingExpression.TryCompile(text, out var expression, out var problem)
                ? (name, expression!)
                : throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, $"{field}.{name}: {problem}", $"{field}.{name}"));
        }

        return compiled;
    }
}
