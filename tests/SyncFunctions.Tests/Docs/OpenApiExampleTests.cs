using System.Text.Json.Nodes;
using NJsonSchema;
using SyncFunctions.Docs;

namespace SyncFunctions.Tests.Docs;

/// <summary>
/// Every example in the served document is an instance of the schema beside it, checked by a JSON Schema
/// validator (NJsonSchema) after translating OpenAPI 3.0's dialect to plain JSON Schema.
/// </summary>
public sealed class OpenApiExampleTests
{
    [Fact]
    public async Task Every_example_validates_against_its_schema()
    {
        var document = JsonNode.Parse(OpenApiDocumentFactory.DocumentJson)!;

        var examples = Examples(document).ToList();
        var failures = new List<string>();
        foreach (var (pointer, schema, example) in examples)
        {
            failures.AddRange((await ErrorsAsync(document, schema, example)).Select(e => $"{pointer}: {e}"));
        }

        Assert.True(examples.Count >= 6, $"only {examples.Count} examples found; has the document's shape changed?");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The check must catch what the issue found: a Run example missing required properties, or with a misspelled one.</summary>
    [Fact]
    public async Task A_run_example_missing_a_required_property_or_with_an_unknown_one_fails()
    {
        var document = JsonNode.Parse(OpenApiDocumentFactory.DocumentJson)!;
        var (_, schema, example) = Examples(document).First(e => e.Pointer.StartsWith("/paths/~1sync-job-run~1{id}/get", StringComparison.Ordinal));

        var missing = example.DeepClone().AsObject();
        missing.Remove("census_status");
        var misspelled = example.DeepClone().AsObject();
        misspelled["sync_jobb"] = misspelled["sync_job"]?.DeepClone();

        Assert.Empty(await ErrorsAsync(document, schema, example));
        Assert.Contains(await ErrorsAsync(document, schema, missing), e => e.Contains("census_status", StringComparison.Ordinal));
        Assert.Contains(await ErrorsAsync(document, schema, misspelled), e => e.Contains("sync_jobb", StringComparison.Ordinal));
    }

    /// <summary>Each media type example (and each entry of <c>examples</c>) with the schema beside it, and where it is.</summary>
    private static IEnumerable<(string Pointer, JsonNode Schema, JsonNode Example)> Examples(JsonNode node, string pointer = "")
    {
        if (node is JsonObject obj)
        {
            if (obj["schema"] is { } schema)
            {
                if (obj.TryGetPropertyValue("example", out var example))
                {
                    yield return (pointer + "/example", schema, example ?? JsonValue.Create((string?)null)!);
                }

                foreach (var (name, named) in obj["examples"]?.AsObject() ?? [])
                {
                    yield return ($"{pointer}/examples/{name}", schema, named!["value"]!);
                }
            }

            foreach (var (name, child) in obj)
            {
                if (child is not null && name is not ("example" or "examples"))
                {
                    foreach (var found in Examples(child, pointer + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)))
                    {
                        yield return found;
                    }
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                foreach (var found in array[i] is { } item ? Examples(item, $"{pointer}/{i}") : [])
                {
                    yield return found;
                }
            }
        }
    }

    private static async Task<IReadOnlyList<string>> ErrorsAsync(JsonNode document, JsonNode schema, JsonNode? example)
    {
        // NJsonSchema does not follow a $ref at the root, so the schema under test is the root's one subschema.
        var root = new JsonObject { ["allOf"] = new JsonArray(ToJsonSchema(schema.DeepClone())) };
        root["definitions"] = new JsonObject(document["components"]!["schemas"]!.AsObject()
            .Select(c => KeyValuePair.Create(c.Key, ToJsonSchema(c.Value!.DeepClone()))));
        var validator = await JsonSchema.FromJsonAsync(root.ToJsonString());
        return validator.Validate(example?.ToJsonString() ?? "null").Select(e => e.ToString()).ToList();
    }

    /// <summary>
    /// OpenAPI 3.0 to JSON Schema: <c>nullable</c> becomes a "null" type (and enum member), component references
    /// point into <c>definitions</c>. Objects that list their properties admit no others, as Redocly's example check
    /// does: an example field the schema does not know is a typo, not an extension.
    /// </summary>
    private static JsonNode? ToJsonSchema(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = ToJsonSchema(array[i]?.DeepClone());
                }

                return array;
            case not JsonObject:
                return node;
        }

        var schema = node.AsObject();
        foreach (var name in schema.Select(p => p.Key).ToList())
        {
            // Property maps hold schemas by name; anything else under a keyword is a schema or a list of them.
            if (name == "properties")
            {
                foreach (var property in schema[name]!.AsObject().Select(p => p.Key).ToList())
                {
                    schema[name]![property] = ToJsonSchema(schema[name]![property]!.DeepClone());
                }
            }
            else if (name is "items" or "additionalProperties" or "allOf" or "anyOf" or "oneOf" or "not")
            {
                schema[name] = ToJsonSchema(schema[name]?.DeepClone());
            }
        }

        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            schema["$ref"] = reference.Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal);
        }

        if (schema["nullable"]?.GetValue<bool>() == true)
        {
            schema.Remove("nullable");
            if (schema["type"]?.GetValue<string>() is { } type)
            {
                schema["type"] = new JsonArray(type, "null");
            }

            if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
            {
                values.Add(null);
            }
        }

        if (schema.ContainsKey("properties") && !schema.ContainsKey("additionalProperties"))
        {
            schema["additionalProperties"] = false;
        }

        return schema;
    }
}
