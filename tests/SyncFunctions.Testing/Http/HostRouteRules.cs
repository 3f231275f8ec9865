namespace SyncFunctions.Testing.Http;

/// <summary>
/// The checks the Functions host runs on each HTTP function before it maps any route (ScriptHost.ValidateFunction
/// in Azure/azure-functions-host). Functions are checked one at a time in name order against those already
/// admitted; a function that fails is left out with a function error and the host starts without it, so its
/// URLs answer 404.
/// </summary>
public static class HostRouteRules
{
    /// <summary>What the host logs for a route in its own route space.</summary>
    public const string ReservedRouteError = "The specified route conflicts with one or more built in routes.";

    /// <summary>The host's own endpoints live under these; the test is a prefix test, so <c>administration</c> is refused too.</summary>
    public static IReadOnlyList<string> ReservedPrefixes { get; } = ["admin", "runtime"];

    public static bool IsReserved(string route)
    {
        var normalized = route.Trim('/').ToLowerInvariant();
        return ReservedPrefixes.Any(p => normalized.StartsWith(p, StringComparison.Ordinal));
    }

    /// <summary>
    /// Two functions conflict on the same route (compared ignoring case and outer slashes) when their methods
    /// intersect; no methods means every method. The host compares method names as written, case-sensitively.
    /// </summary>
    public static bool Conflict(HttpFunction a, HttpFunction b) =>
        string.Equals(a.EffectiveRoute.Trim('/'), b.EffectiveRoute.Trim('/'), StringComparison.OrdinalIgnoreCase) &&
        (a.Methods is null or [] || b.Methods is null or [] || a.Methods.Intersect(b.Methods, StringComparer.Ordinal).Any());

    /// <summary>The host's processing order: function names sorted ignoring case.</summary>
    public static IReadOnlyList<HttpFunction> InHostOrder(IEnumerable<HttpFunction> functions) =>
        functions.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList();

    public static HostAdmission Admit(IEnumerable<HttpFunction> functions)
    {
        var admitted = new List<HttpFunction>();
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var function in InHostOrder(functions))
        {
            var error = Error(function, admitted);
            if (error is null)
            {
                admitted.Add(function);
            }
            else
            {
                refused.TryAdd(function.Name, error);
            }
        }

        return new HostAdmission(admitted, refused);
    }

    private static string? Error(HttpFunction function, IReadOnlyList<HttpFunction> admitted)
    {
        if (IsReserved(function.EffectiveRoute))
        {
            return $"route '{function.EffectiveRoute}': {ReservedRouteError}";
        }

        if (admitted.FirstOrDefault(other => Conflict(function, other)) is { } first)
        {
            return $"route '{function.EffectiveRoute}' and its methods are already taken by function '{first.Name}'.";
        }

        return admitted.Any(other => other.Name == function.Name) ? $"the name '{function.Name}' is not unique in the app." : null;
    }
}

/// <summary>The functions the host maps, in its order, and those it leaves out with the reason.</summary>
public sealed record HostAdmission(IReadOnlyList<HttpFunction> Admitted, IReadOnlyDictionary<string, string> Refused);
