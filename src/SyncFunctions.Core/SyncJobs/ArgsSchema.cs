using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using NJsonSchema;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.SyncJobs;

/// <summary>
/// A sync job's <c>args_schema</c>, compiled with NJsonSchema (made safe first: see <see cref="ArgsSchemaSafety"/>);
/// compiled schemas are cached by their text.
/// </summary>
public static class ArgsSchema
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<JsonSchema>>> Cache = new(StringComparer.Ordinal);

    /// <summary>Errors for a schema that does not compile (named <c>args_schema</c>), none for a valid one.</summary>
    public static async Task<IReadOnlyList<FieldError>> CheckAsync(JsonObject? schema)
    {
        if (schema is null)
        {
            return [];
        }

        var shapeErrors = new List<FieldError>();
        CheckShape(schema, "args_schema", shapeErrors);
        ArgsSchemaSafety.Check(schema, "args_schema", shapeErrors);
        if (shapeErrors.Count > 0)
        {
            return shapeErrors;
        }

        try
        {
            await CompileAsync(schema);
            return [];
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return [new FieldError("args_schema", "invalid", "args_schema is not a valid JSON Schema: " + ex.Message.Split('\n')[0])];
        }
    }

    /// <summary>Validates run args; each error names the field as <c>args.path</c>.</summary>
    public static async Task<IReadOnlyList<FieldError>> ValidateAsync(JsonObject? schema, JsonObject args)
    {
        if (schema is null)
        {
            return [];
        }

        var unsafeParts = new List<FieldError>();
        ArgsSchemaSafety.Check(schema, "args_schema", unsafeParts);
        if (unsafeParts.Count > 0)
        {
            // Saved before these rules: refused rather than run, and the job's owner is told where.
            return [new FieldError("args_schema", "invalid", $"The job's args_schema is no longer accepted ({unsafeParts[0].Field}): {unsafeParts[0].Message}")];
        }

        JsonSchema compiled;
        try
        {
            compiled = await CompileAsync(schema);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return [new FieldError("args_schema", "invalid", "The job's args_schema does not compile: " + ex.Message.Split('\n')[0])];
        }

        return new SafeSchemaValidator().Validate(args.ToJsonString(), compiled)
            .Select(e => new FieldError(
                "args" + (string.IsNullOrEmpty(e.Path) ? "" : "." + e.Path.TrimStart('#', '/').Replace('/', '.')),
                "invalid",
                $"{e.Kind}{(e.Property is null ? "" : $" ({e.Property})")}"))
            .ToList();
    }

    private static readonly HashSet<string> Types = ["object", "array", "string", "number", "integer", "boolean", "null"];

    // NJsonSchema reads leniently ({"type": 12} compiles), so the keywords that drive validation are checked here.
    private static void CheckShape(JsonNode? node, string field, List<FieldError> errors)
    {
        if (node is not JsonObject schema)
        {
            if (node?.GetValueKind() != System.Text.Json.JsonValueKind.True && node?.GetValueKind() != System.Text.Json.JsonValueKind.False)
            {
                errors.Add(new FieldError(field, "invalid", "A schema must be a JSON object (or true/false)."));
            }

            return;
        }

        if (schema["type"] is { } type)
        {
            var names = type is JsonArray array ? array.ToList() : [type];
            if (names.Count == 0 || names.Any(n => n?.GetValueKind() != System.Text.Json.JsonValueKind.String || !Types.Contains(n.GetValue<string>())))
            {
                errors.Add(new FieldError(field + ".type", "invalid", $"type must be one of {string.Join(", ", Types)} (or an array of them)."));
            }
        }

        if (schema["properties"] is { } properties)
        {
            if (properties is not JsonObject props)
            {
                errors.Add(new FieldError(field + ".properties", "invalid", "properties must be an object of schemas."));
            }
            else
            {
                foreach (var (name, property) in props)
                {
                    CheckShape(property, $"{field}.properties.{name}", errors);
                }
            }
        }

        if (schema["required"] is { } required
            && (required is not JsonArray list || list.Any(r => r?.GetValueKind() != System.Text.Json.JsonValueKind.String)))
        {
            errors.Add(new FieldError(field + ".required", "invalid", "required must be an array of property names."));
        }

        if (schema["items"] is { } items)
        {
            CheckShape(items, field + ".items", errors);
        }
    }

    private static Task<JsonSchema> CompileAsync(JsonObject schema)
    {
        var text = schema.ToJsonString();
        var lazy = Cache.GetOrAdd(text, _ => new Lazy<Task<JsonSchema>>(() =>
            JsonSchema.FromJsonAsync(ArgsSchemaSafety.WithPatternsMoved(schema).ToJsonString(), null, NoRemoteReferenceResolver.For)));
        return lazy.Value.ContinueWith(
            task =>
            {
                if (task.IsFaulted)
                {
                    Cache.TryRemove(text, out _);
                }

                return task;
            },
            TaskScheduler.Default).Unwrap();
    }
}
