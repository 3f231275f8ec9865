using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Build;

/// <summary>
/// With the ASP.NET Core integration the request is routed twice: by the host, then again by the worker, which maps
/// every httpTrigger of functions.metadata to an endpoint (<c>RoutePatternFactory.Parse(routePrefix + "/" + route)</c>
/// with its methods, in Worker.Extensions.Http.AspNetCore's FunctionsEndpointDataSource) on ASP.NET Core endpoint
/// routing. Every URL the host sends to a function must parse there and reach the same function.
/// </summary>
public sealed class WorkerRouteTests
{
    [Fact]
    public async Task Every_url_the_host_dispatches_reaches_the_same_function_in_the_workers_endpoint_routing()
    {
        var functions = HttpFunction.ReadMetadata(Path.Combine(RepositoryPaths.AppOutput, "functions.metadata"));
        var prefix = HostJson.RoutePrefix(Path.Combine(RepositoryPaths.AppOutput, "host.json"));
        var resolver = HostRouter.RoutingServices().GetRequiredService<IInlineConstraintResolver>();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddRouting();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var web = builder.Build();
        foreach (var function in functions)
        {
            var pattern = RoutePatternFactory.Parse($"{prefix}/{function.EffectiveRoute}");
            web.MapMethods(pattern.RawText!, function.Methods?.Select(m => m.ToUpperInvariant()) ?? ["GET", "POST", "PUT", "PATCH", "DELETE"], context => context.Response.WriteAsync(function.Name));
        }

        await web.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(web.Urls.First().TrimEnd('/') + "/") };
        var misses = new List<string>();
        foreach (var function in functions)
        {
            var url = SampleUrls.For(HostRouter.Template(prefix, function), resolver);
            foreach (var method in function.Methods ?? ["GET"])
            {
                using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url));
                var reached = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"nothing ({(int)response.StatusCode})";
                if (reached != function.Name)
                {
                    misses.Add($"{function}: {method.ToUpperInvariant()} /{url} reaches {reached} in the worker");
                }
            }
        }

        await web.StopAsync();
        Assert.True(misses.Count == 0, string.Join('\n', misses));
    }
}
