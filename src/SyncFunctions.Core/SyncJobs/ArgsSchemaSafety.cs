using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine.Validation;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.SyncJobs;

/// <summary>
/// What makes an args_schema safe to hand to the schema library: no <c>$ref</c> outside the document (the library would
/// fetch it with its own HTTP client, past the SSRF rules), and patterns only the linear-time engine runs, moved out of
/// the library's reach (it matches <c>pattern</c> with the backtracking engine and no timeout).
/// </summary>
internal static class ArgsSchemaSafety
{
    /// <summary>Where a <c>pattern</c> is kept for <see cref="SafeSchemaValidator"/>; the library ignores unknown keywords.</summary>
    public const string PatternKeyword = "x-syncfunctions-pattern";

    // Keywords whose object values map names (not keywords) to subschemas.
    private static readonly HashSet<string> NameMaps = ["properties", "definitions", "$defs", "dependencies", "dependentSchemas"];

    public static void Check(JsonNode? node, string field, List<FieldError> errors) => Walk(node, field, isNameMap: false, errors);

    /// <summary>A copy with every <c>pattern</c> renamed to <see cref="PatternKeyword"/>; call after <see cref="Check"/> passed.</summary>
    public static JsonObject WithPatternsMoved(JsonObject schema)
    {
        var copy = schema.DeepClone().AsObject();
        Move(copy, isNameMap: false);
        return copy;
    }

    private static void Walk(JsonNode? node, string field, bool isNameMap, List<FieldError> errors)
    {
        if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Walk(array[i], $"{field}[{i}]", isNameMap: false, errors);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        foreach (var (key, value) in obj)
        {
            var path = field + "." + key;
            if (!isNameMap && key == "$ref" && value is JsonValue reference && reference.GetValueKind() == JsonValueKind.String)
            {
                if (!reference.GetValue<string>().StartsWith('#'))
                {
                    errors.Add(new FieldError(path, ValidationCodes.RemoteReference,
                        "$ref may only point inside args_schema (\"#/definitions/…\"); the hub does not fetch schemas from URLs or files."));
                }
            }
            else if (!isNameMap && key == "pattern" && value is JsonValue pattern && pattern.GetValueKind() == JsonValueKind.String)
            {
                if (SafePatterns.Problem(pattern.GetValue<string>()) is { } problem)
                {
                    errors.Add(new FieldError(path, ValidationCodes.UnsafePattern, problem));
                }
            }
            else if (!isNameMap && key == "patternProperties")
            {
                errors.Add(new FieldError(path, ValidationCodes.Invalid, "patternProperties is not supported in args_schema; name the properties, or use additionalProperties."));
            }
            else
            {
                Walk(value, path, !isNameMap && NameMaps.Contains(key), errors);
            }
        }
    }

    private static void Move(JsonNode? node, bool isNameMap)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Move(item, isNameMap: false);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        if (!isNameMap && obj["pattern"] is JsonValue pattern && pattern.GetValueKind() == JsonValueKind.String)
        {
            obj.Remove("pattern");
            obj[PatternKeyword] = pattern.GetValue<string>();
        }

        foreach (var (key, value) in obj.ToList())
        {
            Move(value, !isNameMap && NameMaps.Contains(key));
        }
    }
}
