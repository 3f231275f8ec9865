using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.SyncJobs;

namespace SyncFunctions.Core.Unified;

/// <summary>
/// Checks unified models and mapping overrides when they are saved: names, methods, and every expression compiled,
/// so a mapping that cannot run is a 400 naming its field (<c>resources.contacts.integration_mapping.hubspot.response_mapping.email</c>),
/// not a failed run.
/// </summary>
public static class MappingRules
{
    /// <summary>Model, resource and integration names: what may sit in a job's <c>{model}/{resource}</c> and a route.</summary>
    public static bool IsName(string? name) =>
        name is { Length: > 0 and <= 100 } && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private const int MaxResources = 50;
    private const int MaxFields = 200;

    public static async Task<IReadOnlyList<FieldError>> CheckModelAsync(UnifiedModelDefinition model)
    {
        var errors = new List<FieldError>();
        if (!IsName(model.Name))
        {
            errors.Add(new FieldError("name", "invalid", "A unified model's name is 1-100 letters, digits, '_' or '-', starting with a letter."));
        }

        if (model.Resources is not { Count: > 0 } resources)
        {
            errors.Add(new FieldError("resources", "required", "A unified model needs at least one resource, e.g. contacts."));
            return errors;
        }

        if (resources.Count > MaxResources)
        {
            errors.Add(new FieldError("resources", "invalid", $"A unified model has at most {MaxResources} resources."));
        }

        foreach (var (name, resource) in resources)
        {
            var field = $"resources.{name}";
            if (!IsName(name))
            {
                errors.Add(new FieldError(field, "invalid", "Resource names are 1-100 letters, digits, '_' or '-', starting with a letter."));
                continue;
            }

            if (resource is null)
            {
                errors.Add(new FieldError(field, "required", "The resource is empty; give it at least a schema or a mapping."));
                continue;
            }

            if (resource.Schema is not null)
            {
                errors.AddRange((await ArgsSchema.CheckAsync(resource.Schema)).Select(e => e with { Field = field + ".schema" + e.Field["args_schema".Length..] }));
            }
            else if (resource.ValidateRecords == true)
            {
                errors.Add(new FieldError(field + ".validate_records", "invalid", "validate_records needs a schema to validate against."));
            }

            foreach (var (integration, mapping) in resource.IntegrationMapping ?? new Dictionary<string, ResourceMapping>())
            {
                CheckMapping(mapping, $"{field}.integration_mapping.{integration}", complete: true, errors);
            }
        }

        return errors;
    }

    /// <summary>Overrides keyed by the job resource they change, <c>crm/contacts</c>; every member optional.</summary>
    public static IReadOnlyList<FieldError> CheckOverrides(IReadOnlyDictionary<string, ResourceMapping?>? overrides, string field)
    {
        var errors = new List<FieldError>();
        foreach (var (resource, mapping) in overrides ?? new Dictionary<string, ResourceMapping?>())
        {
            var parts = resource.Split('/');
            if (parts.Length != 2 || !IsName(parts[0]) || !IsName(parts[1]))
            {
                errors.Add(new FieldError($"{field}.{resource}", "invalid", "Overrides are keyed by the unified resource, e.g. crm/contacts."));
            }
            else if (mapping is not null)
            {
                CheckMapping(mapping, $"{field}.{resource}", complete: false, errors);
            }
        }

        return errors;
    }

    private static void CheckMapping(ResourceMapping? mapping, string field, bool complete, List<FieldError> errors)
    {
        if (mapping is null)
        {
            errors.Add(new FieldError(field, "required", "The mapping is empty."));
            return;
        }

        if (complete && string.IsNullOrWhiteSpace(mapping.Resource))
        {
            errors.Add(new FieldError(field + ".resource", "required", "Name the integration's raw resource that feeds this unified resource."));
        }

        if (mapping.Method is not null && !ResourceMethods.All.Contains(mapping.Method))
        {
            errors.Add(new FieldError(field + ".method", "invalid", $"'{mapping.Method}' is not a method; use list or get."));
        }

        if (complete && mapping.ResponseMapping?.GetValueOrDefault("id") is null)
        {
            errors.Add(new FieldError(field + ".response_mapping.id", "required", "response_mapping must give the unified record its id."));
        }

        CheckExpressions(mapping.ResponseMapping, field + ".response_mapping", removable: !complete, errors);
        CheckExpressions(mapping.QueryMapping, field + ".query_mapping", removable: !complete, errors);
    }

    private static void CheckExpressions(IReadOnlyDictionary<string, string?>? expressions, string field, bool removable, List<FieldError> errors)
    {
        if (expressions is null)
        {
            return;
        }

        if (expressions.Count > MaxFields)
        {
            errors.Add(new FieldError(field, "invalid", $"A mapping has at most {MaxFields} fields."));
            return;
        }

        foreach (var (name, text) in expressions)
        {
            if (name.Length is 0 or > 100 || name.Any(char.IsControl))
            {
                errors.Add(new FieldError($"{field}.{name}", "invalid", "Field names are 1-100 printable characters."));
            }
            else if (text is null)
            {
                if (!removable)
                {
                    errors.Add(new FieldError($"{field}.{name}", "required", "Give an expression (null removes a field only in an override)."));
                }
            }
            else if (!MappingExpression.TryCompile(text, out _, out var problem))
            {
                errors.Add(new FieldError($"{field}.{name}", "invalid_expression", problem));
            }
        }
    }
}
