namespace SyncFunctions.Http.Pipeline;

/// <summary>
/// One HTTP function: its name, method, trigger route template (relative to the <c>api/</c> prefix) and the
/// scope it needs (null = anonymous). The [Function]/[HttpTrigger] attributes use the same constants,
/// and a test checks the build's functions.metadata against <see cref="ApiRoutes.All"/>.
/// </summary>
public sealed record ApiRoute(string FunctionName, string Method, string Template, string? Scope, string Summary)
{
    /// <summary>The path clients call and the documents show (the template may spell a literal segment as a parameter).</summary>
    public string Path { get; } = RouteTemplates.DocumentedPath(Template);
}
