using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi.Models;

namespace SyncFunctions.Docs;

/// <summary>
/// The contract types of one document as named component schemas: each type is described once under
/// <c>components/schemas</c> and every use of it, top level or nested in another contract, is a <c>$ref</c>,
/// so a client generator sees one type per contract and the document does not repeat them.
/// </summary>
public sealed class OpenApiComponentSchemas(IDictionary<string, OpenApiSchema> components)
{
    private readonly Dictionary<string, Type> owners = [];

    /// <summary>The schema of a use of <paramref name="type"/>: a reference for a contract, inline for anything else (open objects, scalars).</summary>
    public OpenApiSchema Use(Type type) =>
        IsContract(type) ? Reference(Name(type)) : JsonSchemaToOpenApi.Convert(JsonSchemaToOpenApi.Export(type, Name));

    /// <summary>A page of <paramref name="item"/>: <c>{data: [item], next_cursor}</c>, itself one component per item type.</summary>
    public OpenApiSchema Page(Type item)
    {
        var items = Use(item);
        var name = (items.Reference?.Id ?? "Object") + "Page";
        if (!components.ContainsKey(name))
        {
            components[name] = new OpenApiSchema
            {
                Type = "object",
                Description = "One page of a list.",
                Required = new HashSet<string> { "data", "next_cursor" },
                Properties = new Dictionary<string, OpenApiSchema>
                {
                    ["data"] = new() { Type = "array", Items = items },
                    ["next_cursor"] = new() { Type = "string", Nullable = true, Description = "Opaque; pass as ?cursor= for the next page. Null on the last page." },
                },
            };
        }

        return Reference(name);
    }

    public static OpenApiSchema Reference(string id) =>
        new() { Reference = new OpenApiReference { Type = ReferenceType.Schema, Id = id } };

    /// <summary>Types serialized member by member; converters (timestamps, JsonObject) and collections stay inline.</summary>
    internal static bool IsContract(Type type) =>
        OpenApiContracts.Json.GetTypeInfo(type).Kind == JsonTypeInfoKind.Object;

    /// <summary>The component name of a contract type, generating its schema the first time it is named.</summary>
    private string Name(Type type)
    {
        var name = ComponentName(type);
        if (owners.TryGetValue(name, out var owner))
        {
            return owner == type
                ? name
                : throw new InvalidOperationException($"{type.FullName} and {owner.FullName} would share the component schema name {name}; rename one.");
        }

        // Claimed before its schema exists, so a type that (indirectly) contains itself refers to itself.
        owners[name] = type;
        components[name] = JsonSchemaToOpenApi.Convert(JsonSchemaToOpenApi.Export(type, Name));
        return name;
    }

    private static string ComponentName(Type type) => type.IsGenericType
        ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(ComponentName))
        : type.Name;
}
