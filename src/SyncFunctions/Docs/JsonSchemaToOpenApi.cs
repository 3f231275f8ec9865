using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;

namespace SyncFunctions.Docs;

/// <summary>
/// Schemas generated from the C# contract types with System.Text.Json's exporter, using the API's own
/// serializer options (so names are snake_case exactly as on the wire), then mapped to OpenAPI 3.0.
/// Contracts nested in the exported type become references to their own component schema.
/// </summary>
public static class JsonSchemaToOpenApi
{
    private const string ComponentPrefix = "#/components/schemas/";

    /// <summary>The JSON Schema of <paramref name="type"/>, with each nested contract type replaced by a reference named by <paramref name="componentName"/>.</summary>
    public static JsonNode Export(Type type, Func<Type, string> componentName) =>
        OpenApiContracts.Json.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                // Timestamps go through a custom converter, which the exporter cannot see into
                // (it yields `true` or an untyped object), so describe them here.
                var type = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
                if (type == typeof(DateTimeOffset) && !(node is JsonObject typed && typed.ContainsKey("type")))
                {
                    var obj = node as JsonObject ?? [];
                    obj["type"] = context.TypeInfo.Type == type ? "string" : new JsonArray("string", "null");
                    obj["format"] = "date-time";
                    return obj;
                }

                if (context.Path.Length > 0 && OpenApiComponentSchemas.IsContract(context.TypeInfo.Type))
                {
                    var reference = new JsonObject { ["$ref"] = ComponentPrefix + componentName(context.TypeInfo.Type) };
                    if (node is JsonObject nested && nested["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null"))
                    {
                        reference["nullable"] = true;
                    }

                    return reference;
                }

                return node;
            },
        });

    public static OpenApiSchema Convert(JsonNode? node)
    {
        var schema = new OpenApiSchema();
        if (node is not JsonObject obj)
        {
            // `true` (anything): JsonObject/JsonElement members; leave the schema open.
            return schema;
        }

        if (obj["$ref"] is JsonValue target && target.GetValue<string>() is var pointer)
        {
            if (!pointer.StartsWith(ComponentPrefix, StringComparison.Ordinal))
            {
                // The exporter's own pointers mark recursion inside a non-contract type; leave it an open object.
                return new OpenApiSchema { Type = "object" };
            }

            var component = OpenApiComponentSchemas.Reference(pointer[ComponentPrefix.Length..]);
            // OpenAPI 3.0 ignores siblings of $ref and `nullable` does not reach into allOf, so a nullable
            // contract is "the contract, or null"; the null branch is typed because `nullable` needs a `type`.
            return obj["nullable"] is null
                ? component
                : new OpenApiSchema { AnyOf = [component, new OpenApiSchema { Type = "object", Nullable = true, Enum = [new OpenApiNull()] }] };
        }

        switch (obj["type"])
        {
            case JsonValue single:
                schema.Type = single.GetValue<string>();
                break;
            case JsonArray many:
                var types = many.Select(t => t!.GetValue<string>()).ToList();
                schema.Nullable = types.Remove("null");
                schema.Type = types.Count == 1 ? types[0] : null;
                break;
        }

        if (obj["format"] is JsonValue format)
        {
            schema.Format = format.GetValue<string>();
        }

        if (obj["enum"] is JsonArray values)
        {
            foreach (var value in values)
            {
                schema.Enum.Add(value is null ? new OpenApiNull() : OpenApiAnyFrom.Node(value));
            }
        }

        if (obj["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                schema.Properties[name] = Convert(property);
            }
        }

        if (obj["required"] is JsonArray required)
        {
            foreach (var name in required)
            {
                schema.Required.Add(name!.GetValue<string>());
            }
        }

        if (obj["items"] is { } items)
        {
            schema.Items = Convert(items);
        }

        if (obj["additionalProperties"] is { } additional)
        {
            if (additional is JsonValue flag && flag.TryGetValue<bool>(out var allowed))
            {
                schema.AdditionalPropertiesAllowed = allowed;
            }
            else
            {
                schema.AdditionalProperties = Convert(additional);
            }
        }

        if (obj["minimum"] is JsonValue minimum)
        {
            schema.Minimum = decimal.Parse(minimum.ToJsonString(), CultureInfo.InvariantCulture);
        }

        return schema;
    }
}

/// <summary>JSON (examples, enum values) as Microsoft.OpenApi's <see cref="IOpenApiAny"/>.</summary>
public static class OpenApiAnyFrom
{
    public static IOpenApiAny Node(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return new OpenApiNull();
            case JsonObject obj:
                var result = new OpenApiObject();
                foreach (var (name, value) in obj)
                {
                    result[name] = Node(value);
                }

                return result;
            case JsonArray array:
                var list = new OpenApiArray();
                list.AddRange(array.Select(Node));
                return list;
        }

        var scalar = node.AsValue();
        if (scalar.TryGetValue<string>(out var s))
        {
            // The validator wants date-time values typed as such; the API's timestamps are ISO 8601 UTC.
            return s.Length >= 20 && s[10] == 'T' && s.EndsWith('Z') &&
                DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? new OpenApiDateTime(at)
                : new OpenApiString(s);
        }

        if (scalar.TryGetValue<bool>(out var b))
        {
            return new OpenApiBoolean(b);
        }

        // The validator holds untyped `integer` schemas to OpenApiInteger; only larger values are longs.
        if (scalar.TryGetValue<int>(out var i))
        {
            return new OpenApiInteger(i);
        }

        if (scalar.TryGetValue<long>(out var l))
        {
            return new OpenApiLong(l);
        }

        return new OpenApiDouble(scalar.GetValue<double>());
    }
}
