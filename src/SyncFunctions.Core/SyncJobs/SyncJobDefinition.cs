using System.Text.Json.Nodes;

namespace SyncFunctions.Core.SyncJobs;

/// <summary>A Truto-shaped sync job: which resources of an integration to sync, in what shape.</summary>
public sealed record SyncJobDefinition
{
    public string? IntegrationName { get; init; }

    /// <summary>JSON Schema the run's <c>args</c> must satisfy.</summary>
    public JsonObject? ArgsSchema { get; init; }

    public IReadOnlyList<SyncJobResource>? Resources { get; init; }
}

public sealed record SyncJobResource
{
    /// <summary>A resource of the integration, e.g. <c>crm/contacts</c>.</summary>
    public string? Resource { get; init; }

    /// <summary><c>list</c> or <c>get</c>.</summary>
    public string? Method { get; init; }

    /// <summary>For <c>get</c> (or a list scoped to one parent): a static id or a placeholder like <c>{{args.user_id}}</c>.</summary>
    public string? Id { get; init; }

    /// <summary>Query parameters; values may be placeholders.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(SyncFunctions.Core.Integrations.ScalarMapConverter))]
    public IReadOnlyDictionary<string, string>? Query { get; init; }

    /// <summary>An array argument to repeat the request for, one unit per element: <c>user_ids</c>, <c>args.user_ids</c> or <c>{{args.user_ids}}</c>.</summary>
    public string? LoopOn { get; init; }

    /// <summary>The parent resource; this resource runs once per parent record, which its placeholders can read.</summary>
    public string? DependsOn { get; init; }

    /// <summary>
    /// Store (or deliver) the records. A unified resource (<c>{model}/{resource}</c> of a unified model) always is
    /// (false is refused); a proxy resource only with true (default false), yet it is fetched either way and can be a
    /// depends_on parent.
    /// </summary>
    public bool? Persist { get; init; }
}
