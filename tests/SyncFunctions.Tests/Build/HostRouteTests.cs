using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Build;

/// <summary>
/// The HTTP functions of the build's functions.metadata, held to the rules of the Functions host
/// (<see cref="HostRouteRules"/>) and dispatched by its router (<see cref="HostRouter"/>). The host starts without
/// a function it refuses and its URLs answer 404, which no test that calls the function classes directly can see.
/// </summary>
public sealed class HostRouteTests
{
    private static readonly IReadOnlyList<HttpFunction> Functions =
        HttpFunction.ReadMetadata(Path.Combine(RepositoryPaths.AppOutput, "functions.metadata"));

    private static readonly string RoutePrefix = HostJson.RoutePrefix(Path.Combine(RepositoryPaths.AppOutput, "host.json"));

    private static readonly IServiceProvider Routing = HostRouter.RoutingServices();

    private static IInlineConstraintResolver Resolver => Routing.GetRequiredService<IInlineConstraintResolver>();

    [Fact]
    public void Every_http_route_is_one_the_hosts_router_accepts()
    {
        Assert.Equal(ApiRoutes.All.Count, Functions.Count);
        Assert.IsType<DefaultInlineConstraintResolver>(Resolver);

        // Reserved prefixes, a route and method taken twice, a name used twice: the host leaves the function out.
        var problems = HostRouteRules.Admit(Functions).Refused.Select(r => $"{r.Key}: {r.Value}").ToList();
        foreach (var function in Functions)
        {
            var template = HostRouter.Template(RoutePrefix, function);
            try
            {
                var unresolved = TemplateParser.Parse(template).Parameters
                    .SelectMany(p => p.InlineConstraints)
                    .Where(c => Resolver.ResolveConstraint(c.Constraint) is null)
                    .Select(c => c.Constraint);
                problems.AddRange(unresolved.Select(c => $"{function.Name}: constraint '{c}' of '{template}' does not resolve."));
            }
            catch (ArgumentException ex)
            {
                problems.Add($"{function.Name}: '{template}' does not parse: {ex.Message}");
            }
        }

        Assert.True(problems.Count == 0, "The Functions host would refuse:\n" + string.Join('\n', problems));
    }

    [Fact]
    public async Task Every_http_function_is_reached_by_a_url_of_its_template_in_the_hosts_dispatch_order()
    {
        var router = HostRouter.Build(Functions, RoutePrefix, Routing);
        var misses = new List<string>();
        foreach (var function in HostRouteRules.InHostOrder(Functions))
        {
            var url = SampleUrls.For(HostRouter.Template(RoutePrefix, function), Resolver);
            foreach (var method in function.Methods ?? ["GET"])
            {
                var reached = await router.DispatchAsync(method.ToUpperInvariant(), url);
                if (reached != function.Name)
                {
                    var refused = router.Admission.Refused.GetValueOrDefault(function.Name);
                    misses.Add($"{function}: {method.ToUpperInvariant()} /{url} reaches {reached ?? "nothing (404)"}{(refused is null ? "" : $"; refused: {refused}")}");
                }
            }
        }

        Assert.True(misses.Count == 0, string.Join('\n', misses));
    }

    /// <summary>
    /// The URL that the OpenAPI document, README and samples show reaches its function on the host, and a URL that
    /// differs from it in one literal segment does not (a parameter standing for a literal must match only it).
    /// </summary>
    [Fact]
    public async Task Every_documented_path_reaches_its_function_and_only_its_literal_segments_do()
    {
        var router = HostRouter.Build(Functions, RoutePrefix, Routing);
        var misses = new List<string>();
        foreach (var route in ApiRoutes.All)
        {
            var url = RoutePrefix + "/" + SampleUrls.For(route.Path, Resolver);
            var reached = await router.DispatchAsync(route.Method, url);
            if (reached != route.FunctionName)
            {
                var refused = router.Admission.Refused.GetValueOrDefault(route.FunctionName);
                misses.Add($"{route.FunctionName}: {route.Method} /{url} reaches {reached ?? "nothing (404)"}{(refused is null ? "" : $"; refused: {refused}")}");
            }

            var segments = route.Path.Split('/');
            for (var i = 0; i < segments.Length; i++)
            {
                if (segments[i].Contains('{', StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var altered in new[] { "x" + segments[i], segments[i] + "x" })
                {
                    var path = string.Join('/', segments.Select((s, j) => j == i ? altered : s));
                    var other = RoutePrefix + "/" + SampleUrls.For(path, Resolver);
                    if (await router.DispatchAsync(route.Method, other) == route.FunctionName)
                    {
                        misses.Add($"{route.FunctionName}: {route.Method} /{other} reaches it too; its template is '{route.Template}'");
                    }
                }
            }
        }

        Assert.True(misses.Count == 0, string.Join('\n', misses));
    }

    /// <summary>
    /// The worker binds a function's other parameters by name from the route values: one the template does not
    /// name would be bound from elsewhere or not at all, and one named for a parameter standing in for a literal
    /// segment (<c>admin</c>) would only ever get that literal. A route value no parameter takes is a dead segment.
    /// </summary>
    [Fact]
    public void Http_functions_bind_only_real_parameters_of_their_route()
    {
        var problems = new List<string>();
        foreach (var function in Functions)
        {
            var template = function.EffectiveRoute;
            var literalOnly = TemplateParser.Parse(RouteTemplates.DocumentedPath(template)).Segments
                .SelectMany(s => s.Parts).Where(p => p.IsLiteral).Select(p => p.Text!).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var values = TemplateParser.Parse(template).Parameters.Select(p => p.Name!).Where(n => !literalOnly.Contains(n)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var bound = function.Method().GetParameters()
                .Where(p => p.ParameterType == typeof(string))
                .Select(p => p.Name!)
                .ToList();
            problems.AddRange(bound.Where(name => !values.Contains(name)).Select(name => $"{function}: parameter '{name}' is not a route value of the template"));
            problems.AddRange(values.Where(v => !bound.Contains(v, StringComparer.OrdinalIgnoreCase)).Select(v => $"{function}: route value '{v}' is bound by no parameter"));
            Assert.Contains(function.Method().GetParameters(), p => p.ParameterType == typeof(HttpRequest));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
