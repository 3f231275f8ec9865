namespace SyncFunctions.Http.Pipeline;

/// <summary>
/// One HTTP function: its name, method, route (relative to the <c>api/</c> prefix) and the scope
/// it needs (null = anonymous). The [Function]/[HttpTrigger] attributes use the same constants,
/// and a test checks the build's functions.metadata against <see cref="ApiRoutes.All"/>.
/// </summary>
public sealed record ApiRoute(string FunctionName, string Method, string Route, string? Scope, string Summary);
