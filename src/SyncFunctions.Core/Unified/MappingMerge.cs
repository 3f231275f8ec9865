namespace SyncFunctions.Core.Unified;

/// <summary>
/// Truto's override order: the model's base mapping for an integration, then the integration's (environment-level)
/// override, then the integrated account's. Each layer replaces the members it names; in response_mapping and
/// query_mapping each field is replaced on its own, and a null expression removes the field.
/// </summary>
public static class MappingMerge
{
    public static ResourceMapping Apply(ResourceMapping? baseMapping, params ResourceMapping?[] overrides)
    {
        var merged = baseMapping ?? new ResourceMapping();
        foreach (var layer in overrides)
        {
            if (layer is null)
            {
                continue;
            }

            merged = merged with
            {
                Resource = layer.Resource ?? merged.Resource,
                Method = layer.Method ?? merged.Method,
                ResponseMapping = Fields(merged.ResponseMapping, layer.ResponseMapping),
                QueryMapping = Fields(merged.QueryMapping, layer.QueryMapping),
            };
        }

        return merged;
    }

    private static IReadOnlyDictionary<string, string?>? Fields(IReadOnlyDictionary<string, string?>? under, IReadOnlyDictionary<string, string?>? over)
    {
        if (over is null)
        {
            return under;
        }

        var fields = new Dictionary<string, string?>(under ?? new Dictionary<string, string?>(), StringComparer.Ordinal);
        foreach (var (name, expression) in over)
        {
            if (expression is null)
            {
                fields.Remove(name);
            }
            else
            {
                fields[name] = expression;
            }
        }

        return fields;
    }
}
