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
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SyncFunctions.Http;
using SyncFunctions.Testing.App;

namespace SyncFunctions.Testing.Http;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that serves the app's HTTP functions under <c>/api/</c>, for clients
/// that must speak HTTP (a browser). Each route of <see cref="ApiRoutes.All"/> is bound to the method carrying
/// its <see cref="FunctionAttribute"/>; parameters are bound as the Functions worker does: the request,
/// the Durable client, and route values by name. The returned <see cref="IActionResult"/> is executed as-is.
/// </summary>
public sealed class FunctionHttpHost : IAsyncDisposable
{
    private readonly WebApplication _web;

    private FunctionHttpHost(WebApplication web, Uri baseUrl)
    {
        _web = web;
        BaseUrl = baseUrl;
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:54321/</c>; the API is under <c>api/</c>.</summary>
    public Uri BaseUrl { get; }

    public static async Task<FunctionHttpHost> StartAsync(TestApp app)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var web = builder.Build();

        var methods = FunctionMethods();
        foreach (var route in ApiRoutes.All)
        {
            var method = methods.TryGetValue(route.FunctionName, out var m)
                ? m
                : throw new InvalidOperationException($"No [Function(\"{route.FunctionName}\")] method in the app.");
            web.MapMethods("/api/" + route.Template, [route.Method], context => InvokeAsync(app, method, context));
        }

        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FunctionHttpHost(web, new Uri(address.TrimEnd('/') + "/"));
    }

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery.TrimStart('/'));

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
    }

    private static Dictionary<string, MethodInfo> FunctionMethods() =>
        typeof(ApiRoutes).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Function is not null && x.Method.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .ToDictionary(x => x.Function!.Name, x => x.Method);

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
