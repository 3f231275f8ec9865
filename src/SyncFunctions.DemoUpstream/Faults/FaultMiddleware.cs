using System.Globalization;

namespace SyncFunctions.DemoUpstream;

/// <summary>Applies the faults that replace or hold the response; body faults are left for <see cref="JsonResponse"/>.</summary>
internal static class FaultMiddleware
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, FaultInjector faults, CancellationToken stopping)
    {
        var request = context.Request;
        var fault = faults.Next(request.Method, request.Path.Value ?? "/", request.QueryString.Value?.TrimStart('?') ?? "");
        if (fault is null)
        {
            await next(context);
            return;
        }
        RequestTrace.Of(context).Fault = fault;
        switch (fault.Kind)
        {
            case FaultKind.Status:
                if (fault.RetryAfter is { } after)
                    context.Response.Headers.RetryAfter = ((long)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                else if (fault.RetryAfterDate is { } date)
                    context.Response.Headers.RetryAfter = date.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);
                await JsonResponse.ErrorAsync(context, fault.StatusCode, fault.StatusCode == 429 ? "rate_limited" : "injected_fault");
                return;
            case FaultKind.Delay:
                try
                {
                    await Task.Delay(fault.Duration, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return; // the client gave up first; nothing left to answer
                }
                await next(context);
                return;
            case FaultKind.Hang:
                using (var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping))
                {
                    try
                    {
                        await Task.Delay(Timeout.InfiniteTimeSpan, either.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
                context.Abort();
                return;
            case FaultKind.WrongContentType:
                context.Response.StatusCode = fault.StatusCode;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(
                    "<!DOCTYPE html><html><head><title>Service Unavailable</title></head>"
                    + "<body><h1>Service Unavailable</h1><p>The upstream gateway is being maintained. Please try again later.</p></body></html>");
                return;
            default:
                await next(context);
                return;
        }
    }
}
