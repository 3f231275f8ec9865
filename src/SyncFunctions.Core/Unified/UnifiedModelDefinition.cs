using System.Text.Json.Nodes;

namespace SyncFunctions.Core.Unified;

/// <summary>
/// A unified model of an environment (Truto's unified API, e.g. <c>crm</c>): resources in one shape whatever the
/// upstream, and for each resource the mapping from every integration's raw (proxy) resource into that shape.
/// A sync job resource <c>{model}/{resource}</c> names one of them.
/// </summary>
public sealed record UnifiedModelDefinition
{
    /// <summary>Set from the route (<c>PUT api/unified-models/{name}</c>), not the body.</summary>
    public string Name { get; init; } = "";

    public string? Description { get; init; }

    /// <summary>Keyed by resource name, e.g. <c>contacts</c> (so the job resource is <c>crm/contacts</c>).</summary>
    public IReadOnlyDictionary<string, UnifiedResourceDefinition>? Resources { get; init; }
}

public sealed record UnifiedResourceDefinition
{
    public string? Description { get; init; }

    /// <summary>JSON Schema of the unified record: documents its fields, and validates mapped records when <see cref="ValidateRecords"/>.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>Mapped records that break <see cref="Schema"/> are not stored but ledgered as <c>mapping_failed</c>. Default false.</summary>
    public bool? ValidateRecords { get; init; }

    /// <summary>The base mapping per integration name.</summary>
    public IReadOnlyDictionary<string, ResourceMapping>? IntegrationMapping { get; init; }
}

/// <summary>
/// How one integration feeds a unified resource, or (in an override) what changes about that. Expressions are
/// JMESPath (with <see cref="MappingFunctions"/>). In an override every member is optional; a null expression
/// removes the base's field.
/// </summary>
public sealed record ResourceMapping
{
    /// <summary>The integration's raw resource that is fetched, e.g. <c>contacts</c>.</summary>
    public string? Resource { get; init; }

    /// <summary><c>list</c> or <c>get</c> on that resource; default: the job entry's method.</summary>
    public string? Method { get; init; }

    /// <summary>Unified field → expression over one raw record. <c>id</c> is required: the unified record's id.</summary>
    public IReadOnlyDictionary<string, string?>? ResponseMapping { get; init; }

    /// <summary>Proxy query parameter → expression over the job entry's rendered query plus <c>previous_run_date</c>.</summary>
    public IReadOnlyDictionary<string, string?>? QueryMapping { get; init; }
}
