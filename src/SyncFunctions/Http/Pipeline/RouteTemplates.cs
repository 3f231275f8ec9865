using System.Text.RegularExpressions;

namespace SyncFunctions.Http.Pipeline;

/// <summary>
/// The Functions host refuses any function route that starts with <c>admin</c> or <c>runtime</c> (its own
/// endpoints live there), yet the hub's admin API is documented at <c>api/admin/…</c>. A first segment that is a
/// parameter matching only <c>admin</c> passes the host's check and serves the same URLs.
/// </summary>
public static partial class RouteTemplates
{
    public const string Admin = "{admin:regex(^admin$)}";

    /// <summary>The template with every parameter that matches only its own name written as that literal.</summary>
    public static string DocumentedPath(string template) => LiteralParameter().Replace(template, m => m.Groups["name"].Value);

    [GeneratedRegex(@"\{(?<name>[a-zA-Z_][a-zA-Z0-9_]*):regex\(\^\k<name>\$\)\}")]
    private static partial Regex LiteralParameter();
}
