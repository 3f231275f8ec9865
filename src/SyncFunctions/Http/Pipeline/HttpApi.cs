using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Security;
using SyncFunctions.Core.Concurrency;

namespace SyncFunctions.Http.Pipeline;

/// <summary>
/// What every HTTP function runs through: authenticate, check the route's scope, call the handler,
/// and map failures to problem+json. Functions stay one line of binding plus one call into Core.
/// </summary>
public sealed class HttpApi(ApiKeyAuthenticator authenticator, ILogger<HttpApi> logger)
{
    public async Task<IActionResult> HandleAsync(HttpRequest request, ApiRoute route, Func<Caller, CancellationToken, Task<IActionResult>> handler)
    {
        var ct = request.HttpContext.RequestAborted;
        try
        {
            if (route.Scope is null)
            {
                throw new InvalidOperationException($"Route {route.FunctionName} is anonymous; use HandleAnonymousAsync.");
            }

            var caller = await authenticator.AuthenticateAsync(request.Headers.Authorization.ToString(), ct);
            ApiKeyAuthenticator.RequireScope(caller, route.Scope);
            if (route.Access == RouteAccess.Unrestricted)
            {
                ApiKeyAuthenticator.RequireUnrestricted(caller);
            }

            using var scope = logger.BeginScope(new Dictionary<string, object?>
            {
                ["EnvironmentId"] = caller.EnvironmentId,
                ["ApiKeyId"] = caller.KeyId,
            });
            return await handler(caller, ct);
        }
        catch (Exception ex)
        {
            return Fail(request, route, ex);
        }
    }

    /// <summary>For tenant resources: the handler gets the caller's environment (the root key has none: 403).</summary>
    public Task<IActionResult> HandleInEnvironmentAsync(HttpRequest request, ApiRoute route, Func<string, CancellationToken, Task<IActionResult>> handler) =>
        HandleAsync(request, route, (caller, ct) => handler(ApiKeyAuthenticator.RequireEnvironment(caller), ct));

    /// <summary>For account data: the handler gets the caller's environment and the accounts it may see.</summary>
    public Task<IActionResult> HandleInTenantAsync(HttpRequest request, ApiRoute route, Func<Tenant, CancellationToken, Task<IActionResult>> handler) =>
        HandleAsync(request, route, (caller, ct) => handler(Tenant.Of(caller), ct));

    public async Task<IActionResult> HandleAnonymousAsync(HttpRequest request, ApiRoute route, Func<CancellationToken, Task<IActionResult>> handler)
    {
        try
        {
            return await handler(request.HttpContext.RequestAborted);
        }
        catch (Exception ex)
        {
            return Fail(request, route, ex);
        }
    }

    private ApiResult Fail(HttpRequest request, ApiRoute route, Exception ex)
    {
        if (ex is ApiException api)
        {
            return Problems.From(api, request);
        }

        if (ex is OperationCanceledException && request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads this response.
            return Problems.From(new ApiException(ProblemKind.ClientClosed, "client_closed_request", "The client closed the request."), request);
        }

        if (ex is ConcurrencyException)
        {
            return Problems.From(ApiException.Conflict(ErrorCodes.ConcurrentUpdate, "The resource kept changing while this request tried to update it; send it again."), request);
        }

        if (StorageFailures.IsUnavailable(ex))
        {
            logger.LogWarning(ex, "Storage unavailable in {Function}", route.FunctionName);
            return Problems.From(StorageFailures.Problem(), request);
        }

        logger.LogError(ex, "Unhandled error in {Function}", route.FunctionName);
        return Problems.Internal(request);
    }
}
