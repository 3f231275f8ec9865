using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Middleware;

/// <summary>
/// Last line of defence for HTTP functions: a failure outside <see cref="HttpApi"/> (binding, DI)
/// still answers problem+json, never the host's default error page or a stack trace.
/// </summary>
public sealed class UnhandledErrorMiddleware(ILogger<UnhandledErrorMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            var http = context.GetHttpContext();
            if (http is null || http.Response.HasStarted)
            {
                throw;
            }

            logger.LogError(ex, "Unhandled error in {Function}", context.FunctionDefinition.Name);
            await Problems.Internal(http.Request).ExecuteResultAsync(new ActionContext(http, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        }
    }
}
