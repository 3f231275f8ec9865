using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Placeholders;
using SyncFunctions.Core.Engine.Validation;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.SyncJobs;

/// <summary>
/// Checks a sync job against its integration: resources and methods exist, depends_on forms a forest,
/// loop_on names an array argument, and every placeholder the job's requests will render has something
/// to read. Fields: <c>integration_name</c>, <c>resources</c>, <c>resources[2].depends_on</c>,
/// <c>resources[0].query.user_id</c>; placeholders in the integration's endpoint (path, default query)
/// that this entry cannot resolve are reported on <c>resources[i].resource</c>. Codes are <see cref="ValidationCodes"/>.
/// </summary>
public static class SyncJobValidator
{
    /// <param name="job">The sync job.</param>
    /// <param name="integration">The integration named by <c>integration_name</c>, or null when there is none.</param>
    /// <param name="unified">
    /// The environment's unified models (with overrides): an entry naming one of them is fetched through its mapped raw
    /// resource, and is always persisted. Null: no unified models.
    /// </param>
    public static IReadOnlyList<FieldError> Validate(SyncJobDefinition job, IntegrationDefinition? integration, UnifiedCatalog? unified = null)
    {
        var errors = new FieldErrorList();
        if (string.IsNullOrWhiteSpace(job.IntegrationName))
        {
            errors.Required("integration_name", "integration_name is required.");
        }
        else if (integration is null)
        {
            errors.Add("integration_name", ValidationCodes.Unknown, $"There is no integration named '{job.IntegrationName}'.");
        }

        var schema = DeclaredArgs.From(job.ArgsSchema);
        var entries = job.Resources ?? [];
        if (entries.Count == 0)
        {
            errors.Required("resources", "A sync job needs at least one resource.");
            return errors.Errors;
        }

        var parents = new int?[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            parents[i] = ValidateEntry(entries, i, integration, job.IntegrationName, unified ?? UnifiedCatalog.Empty, schema, errors);
        }
        ReportCycles(parents, entries, errors);
        return errors.Errors;
    }

    /// <summary>Index of the entry <paramref name="entries"/>[<paramref name="i"/>].depends_on resolves to, when exactly one.</summary>
    public static int? ParentIndex(IReadOnlyList<SyncJobResource> entries, int i)
    {
        var dependsOn = entries[i]?.DependsOn;
        if (string.IsNullOrWhiteSpace(dependsOn))
        {
            return null;
        }
        var candidates = Enumerable.Range(0, entries.Count).Where(j => j != i && entries[j]?.Resource == dependsOn).ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    private static int? ValidateEntry(
        IReadOnlyList<SyncJobResource> entries, int i, IntegrationDefinition? integration, string? integrationName, UnifiedCatalog unified, DeclaredArgs schema, FieldErrorList errors)
    {
        var prefix = $"resources[{i}]";
        var entry = entries[i];
        if (entry is null)
        {
            errors.Required(prefix, "The resource entry is empty.");
            return null;
        }

        EndpointDefinition? endpoint = null;
        // What is fetched: the entry's own resource and method, or for a unified entry its mapped raw resource.
        var (fetched, fetchMethod, via) = (entry.Resource, entry.Method, "");
        if (unified.IsUnified(entry.Resource))
        {
            if (entry.Persist == false)
            {
                errors.Invalid($"{prefix}.persist", $"'{entry.Resource}' is a unified resource, and unified resources are always persisted; remove persist or set it to true.");
            }

            var binding = unified.Bind(entry.Resource!, integrationName, out var problem);
            if (binding is null)
            {
                errors.Add($"{prefix}.resource", ValidationCodes.Unknown, problem);
                fetched = null;
            }
            else
            {
                (fetched, fetchMethod, via) = (binding.ProxyResource, entry.Method is null ? null : binding.ProxyMethod(entry.Method), $" (the mapping of '{entry.Resource}')");
            }
        }
        else if (string.IsNullOrWhiteSpace(entry.Resource))
        {
            errors.Required($"{prefix}.resource", "Name the integration resource to sync, e.g. crm/contacts.");
        }

        if (fetched is not null && integration is not null && (integration.Resources is null || !integration.Resources.ContainsKey(fetched)))
        {
            errors.Add($"{prefix}.resource", ValidationCodes.Unknown, $"Integration '{integration.Name}' has no resource '{fetched}'{via}.");
        }

        if (string.IsNullOrWhiteSpace(entry.Method))
        {
            errors.Required($"{prefix}.method", "method is required: list or get.");
        }
        else if (!ResourceMethods.All.Contains(entry.Method))
        {
            errors.Invalid($"{prefix}.method", $"'{entry.Method}' is not a method; use list or get.");
        }
        else if (integration is not null && integration.Resources?.ContainsKey(fetched ?? "") == true)
        {
            endpoint = Endpoints.Find(integration, fetched, fetchMethod)?.Endpoint;
            if (endpoint is null)
            {
                errors.Add($"{prefix}.method", ValidationCodes.Unknown, $"Resource '{fetched}' of integration '{integration.Name}' has no {fetchMethod} endpoint{via}.");
            }
        }

        var idMissing = entry.Method == ResourceMethods.Get && string.IsNullOrWhiteSpace(entry.Id);
        if (idMissing)
        {
            errors.Required($"{prefix}.id", "A get needs an id: a value or a placeholder like {{args.user_id}}.");
        }

        var parent = ValidateDependsOn(entries, i, errors);
        var loopArgument = ValidateLoopOn(entry, prefix, schema, errors);
        // A depends_on or get id that is already reported does not also make placeholders fail: one mistake, one error.
        var dependsOn = string.IsNullOrWhiteSpace(entry.DependsOn) ? null : entry.DependsOn;
        var scope = new Scope(schema, dependsOn, ParentKnown: dependsOn is null || parent is not null, entry.Id is not null || idMissing,
            loopArgument, LoopKnown: entry.LoopOn is null || loopArgument is not null);

        if (entry.Id is not null)
        {
            CheckTemplate(entry.Id, $"{prefix}.id", scope with { HasId = false }, errors, $"{prefix}.id");
        }
        foreach (var (name, value) in entry.Query ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Invalid($"{prefix}.query", "Query parameter names must not be empty.");
            }
            else if (value is not null)
            {
                CheckTemplate(value, $"{prefix}.query.{name}", scope, errors, $"{prefix}.query.{name}");
            }
        }
        if (endpoint is not null)
        {
            var where = $"the {fetchMethod} endpoint of '{fetched}'";
            CheckTemplate(endpoint.Path ?? "", $"{prefix}.resource", scope, errors, $"{where} (path)");
            foreach (var (name, value) in endpoint.Query ?? new Dictionary<string, string>())
            {
                if (value is not null && entry.Query?.ContainsKey(name) != true)
                {
                    CheckTemplate(value, $"{prefix}.resource", scope, errors, $"{where} (query {name})");
                }
            }
        }

        return parent;
    }

    private static int? ValidateDependsOn(IReadOnlyList<SyncJobResource> entries, int i, FieldErrorList errors)
    {
        var dependsOn = entries[i].DependsOn;
        if (dependsOn is null)
        {
            return null;
        }
        var field = $"resources[{i}].depends_on";
        if (string.IsNullOrWhiteSpace(dependsOn))
        {
            errors.Invalid(field, "depends_on must name another resource of this job.");
            return null;
        }

        var candidates = Enumerable.Range(0, entries.Count).Count(j => j != i && entries[j]?.Resource == dependsOn);
        if (candidates == 1)
        {
            return ParentIndex(entries, i);
        }
        if (candidates > 1)
        {
            errors.Add(field, ValidationCodes.Ambiguous, $"{candidates} other entries of this job sync '{dependsOn}'; depends_on must identify exactly one.");
        }
        else if (entries[i].Resource == dependsOn)
        {
            errors.Invalid(field, $"'{dependsOn}' cannot depend on itself.");
        }
        else
        {
            errors.Add(field, ValidationCodes.Unknown, $"depends_on names '{dependsOn}', which is not a resource of this job.");
        }
        return null;
    }

    private static string? ValidateLoopOn(SyncJobResource entry, string prefix, DeclaredArgs schema, FieldErrorList errors)
    {
        if (entry.LoopOn is null)
        {
            return null;
        }
        var field = $"{prefix}.loop_on";
        var name = LoopArgument.Name(entry.LoopOn);
        if (name is null)
        {
            errors.Invalid(field, $"'{entry.LoopOn}' does not name an argument; write user_ids, args.user_ids or {{{{args.user_ids}}}}.");
            return null;
        }
        if (schema.Properties is { } properties)
        {
            if (!properties.TryGetPropertyValue(name, out var property))
            {
                errors.Add(field, ValidationCodes.Unknown, $"args_schema declares no property '{name}' to loop on.");
                return null;
            }
            if (property is JsonObject declared && declared.TryGetPropertyValue("type", out var type) && type is not null && !AllowsArray(type))
            {
                errors.Invalid(field, $"loop_on needs an array argument, but args_schema declares '{name}' as {type.ToJsonString()}.");
                return null;
            }
        }
        return name;
    }

    private static string? DeclaredType(JsonNode? property) =>
        property is JsonObject obj && obj["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String ? type.GetValue<string>() : null;

    private static bool AllowsArray(JsonNode type) => type switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() == "array",
        JsonArray list => list.Any(t => t is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "array"),
        _ => false,
    };

    private static void CheckTemplate(string template, string field, Scope scope, FieldErrorList errors, string where)
    {
        if (!PlaceholderTemplate.TryParse(template, out var parsed, out var problem))
        {
            errors.Invalid(field, $"{where} is not a valid template: {problem}");
            return;
        }
        foreach (var reference in parsed.References)
        {
            if (Unresolvable(reference, scope) is { } reason)
            {
                errors.Add(field, ValidationCodes.UnresolvablePlaceholder, $"{reference.Text} in {where} cannot be resolved: {reason}");
                return; // one error per field is enough to act on
            }
        }
    }

    private static string? Unresolvable(PlaceholderReference reference, Scope scope)
    {
        if (PlaceholderShape.Problem(reference) is { } shape)
        {
            return shape;
        }
        switch (reference.Root)
        {
            case PlaceholderRoots.Args:
                var name = reference.Segments[1];
                if (scope.Schema.Properties is not { } properties)
                {
                    return null;
                }
                if (!properties.TryGetPropertyValue(name, out var declared))
                {
                    return $"args_schema declares no property '{name}'.";
                }
                // The whole of an array or object argument cannot be text; the loop argument is its element instead.
                if (reference.Segments.Count == 2 && scope.LoopKnown && name != scope.LoopArgument && DeclaredType(declared) is "array" or "object")
                {
                    return $"args.{name} is declared as an {DeclaredType(declared)}, which cannot be rendered as text"
                        + (DeclaredType(declared) == "array" ? $"; to repeat the request per element, set loop_on to {name}." : "; name one of its fields.");
                }
                return null;

            case PlaceholderRoots.Resources:
                if (!scope.ParentKnown)
                {
                    return null;
                }
                if (scope.Parent is null)
                {
                    return "this entry has no depends_on, so there is no parent record to read.";
                }
                var parentSegments = scope.Parent.Split('/');
                var matches = reference.Segments.Count > parentSegments.Length + 1
                    && parentSegments.Select((s, k) => s == reference.Segments[k + 1]).All(m => m);
                return matches
                    ? null
                    : $"the parent is '{scope.Parent}', so write {{{{resources.{string.Join('.', parentSegments)}.<field>}}}}.";

            case PlaceholderRoots.Id:
                return scope.HasId ? null : "this entry has no id to use.";

            default:
                return null; // account.* and previous_run_date are checked when the run starts
        }
    }

    /// <summary>Reports each depends_on cycle once, on the entry whose depends_on closes it (in declaration order of discovery).</summary>
    private static void ReportCycles(int?[] parents, IReadOnlyList<SyncJobResource> entries, FieldErrorList errors)
    {
        var state = new int[parents.Length]; // 0 unvisited, 1 on the current walk, 2 finished
        for (var start = 0; start < parents.Length; start++)
        {
            var walk = new List<int>();
            int? current = start;
            while (current is { } c && state[c] == 0)
            {
                state[c] = 1;
                walk.Add(c);
                current = parents[c];
            }
            if (current is { } closedAt && state[closedAt] == 1)
            {
                var closer = walk[^1];
                var cycle = walk.SkipWhile(n => n != closedAt).Append(closedAt).Select(n => entries[n].Resource);
                errors.Add($"resources[{closer}].depends_on", ValidationCodes.Cycle,
                    $"depends_on forms a cycle: {string.Join(" → ", cycle)}. A parent must not depend on its own descendants.");
            }
            foreach (var n in walk)
            {
                state[n] = 2;
            }
        }
    }

    private sealed record Scope(DeclaredArgs Schema, string? Parent, bool ParentKnown, bool HasId, string? LoopArgument, bool LoopKnown);

    /// <summary>
    /// The declared argument properties placeholders and loop_on are checked against. The schema's own shape
    /// (is it valid JSON Schema?) is <see cref="ArgsSchema.CheckAsync"/>'s business; a malformed
    /// <c>properties</c> is read here as "nothing declared" so it is reported once, there.
    /// </summary>
    private sealed record DeclaredArgs(JsonObject? Properties)
    {
        private static readonly DeclaredArgs None = new((JsonObject?)null);

        public static DeclaredArgs From(JsonObject? schema) =>
            schema?["properties"] is JsonObject { Count: > 0 } declared ? new DeclaredArgs(declared) : None;
    }
}
