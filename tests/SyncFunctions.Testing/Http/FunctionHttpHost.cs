using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SyncFunctions.Http;
using SyncFunctions.Testing.App;

namespace SyncFunctions.Testing.Http;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that serves the app's HTTP functions as the Functions host does, for
/// clients that must speak HTTP (a browser, curl). It reads what the host reads, functions.metadata and
/// host.json's route prefix; it refuses to start when the host would refuse a function (<see cref="HostRouteRules"/>),
/// and dispatches with the host's router (<see cref="HostRouter"/>). Each function runs the method its entry point
/// names; parameters are bound as the Functions worker does: the request, the Durable client, and route values by
/// name. The returned <see cref="IActionResult"/> is executed as-is.
/// </summary>
public sealed class FunctionHttpHost : IAsyncDisposable
{
    private readonly WebApplication _web;

    private FunctionHttpHost(WebApplication web, Uri baseUrl)
    {
        _web = web;
        BaseUrl = baseUrl;
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:54321/</c>; the API is under the route prefix (<c>api/</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>Serves the functions of the build's functions.metadata under host.json's route prefix.</summary>
    public static Task<FunctionHttpHost> StartAsync(TestApp app) =>
        StartAsync(
            app,
            HttpFunction.ReadMetadata(Path.Combine(AppContext.BaseDirectory, "functions.metadata")),
            HostJson.RoutePrefix(Path.Combine(AppContext.BaseDirectory, "host.json")));

    public static async Task<FunctionHttpHost> StartAsync(TestApp app, IReadOnlyList<HttpFunction> functions, string routePrefix)
    {
        // The host would start without these functions and answer 404 on their URLs; a test must not pass on that.
        var refused = HostRouteRules.Admit(functions).Refused;
        if (refused.Count > 0)
        {
            throw new InvalidOperationException(
                "The Functions host would refuse these functions:\n" + string.Join('\n', refused.Select(r => $"{r.Key}: {r.Value}")));
        }

        var methods = functions.ToDictionary(f => f.Name, f => f.Method());

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        // The slim builder leaves the regex constraint out; the host, a full ASP.NET Core app, has it.
        builder.Services.AddRouting();
        var web = builder.Build();

        try
        {
            var router = HostRouter.Build(functions, routePrefix, web.Services, f => context => InvokeAsync(app, methods[f.Name], context));
            web.UseRouter(router.Router);
            await web.StartAsync();
        }
        catch
        {
            await web.DisposeAsync();
            throw;
        }

        var address = web.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FunctionHttpHost(web, new Uri(address.TrimEnd('/') + "/"));
    }

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery.TrimStart('/'));

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
    }

    private static async Task InvokeAsync(TestApp app, MethodInfo method, HttpContext context)
    {
        var arguments = method.GetParameters().Select(p => Bind(app, p, context)).ToArray();
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(app.Services, method.DeclaringType!);
        var result = await (Task<IActionResult>)method.Invoke(target, arguments)!;
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    private static object? Bind(TestApp app, ParameterInfo parameter, HttpContext context)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context.Request;
        }

        if (parameter.ParameterType == typeof(DurableTaskClient))
        {
            return app.DurableClient;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context.RequestAborted;
        }

        if (parameter.ParameterType == typeof(string) && context.Request.RouteValues.TryGetValue(parameter.Name!, out var value))
        {
            return value?.ToString();
        }

        throw new InvalidOperationException($"Cannot bind parameter {parameter.Name} of {parameter.Member.DeclaringType?.Name}.{parameter.Member.Name}.");
    }
}
