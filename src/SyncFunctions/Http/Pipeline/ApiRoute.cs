namespace SyncFunctions.Http.Pipeline;

/// <summary>
/// One HTTP function: its name, method, trigger route template (relative to the <c>api/</c> prefix) and the
/// scope it needs (null = anonymous), and what a key restricted to integrated accounts may do there. The
/// [Function]/[HttpTrigger] attributes use the same constants, and a test checks the build's functions.metadata
/// against <see cref="ApiRoutes.All"/>.
/// </summary>
public sealed record ApiRoute(string FunctionName, string Method, string Template, string? Scope, string Summary, RouteAccess Access = RouteAccess.Environment)
{
    /// <summary>The path clients call and the documents show (the template may spell a literal segment as a parameter).</summary>
    public string Path { get; } = RouteTemplates.DocumentedPath(Template);
}

/// <summary>What a key restricted to integrated accounts may do on a route.</summary>
public enum RouteAccess
{
    /// <summary>Nothing of any one account is read or written (definitions, documents): every key of the environment.</summary>
    Environment,

    /// <summary>Account data: a restricted key sees its accounts' only; any other account's answers 404 as if it did not exist.</summary>
    PerAccount,

    /// <summary>Shapes the whole environment (creates accounts, integrations, jobs; webhooks see every account): 403 for a restricted key.</summary>
    Unrestricted,
}
