using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.Extensions.DependencyInjection;

namespace SyncFunctions.Testing.Http;

/// <summary>
/// The Functions host's HTTP dispatch (WebScriptHostHttpRoutesManager and the WebJobs extension's
/// WebJobsRouteBuilder): one legacy ASP.NET Core <see cref="Route"/> per admitted function, on the template
/// <c>routePrefix/route</c>, its inline constraints resolved by the app's <see cref="IInlineConstraintResolver"/>,
/// its methods held by an <c>httpMethod</c> <see cref="HttpMethodRouteConstraint"/>, all in one
/// <see cref="RouteCollection"/> in the host's function order. The first route that matches a request wins:
/// unlike endpoint routing, a literal segment does not beat a parameter of a function whose name sorts earlier.
/// </summary>
public sealed class HostRouter
{
    private const string FunctionToken = "function";

    private readonly RouteCollection _routes;
    private readonly IServiceProvider _services;

    private HostRouter(RouteCollection routes, IServiceProvider services, HostAdmission admission)
    {
        _routes = routes;
        _services = services;
        Admission = admission;
    }

    public HostAdmission Admission { get; }

    public IRouter Router => _routes;

    /// <summary>Routing services as a full ASP.NET Core app has them (the host is one): the regex constraint included.</summary>
    public static IServiceProvider RoutingServices() => new ServiceCollection().AddLogging().AddRouting().BuildServiceProvider();

    /// <summary>The template the host gives the function's route.</summary>
    public static string Template(string routePrefix, HttpFunction function) =>
        string.IsNullOrEmpty(routePrefix) ? function.EffectiveRoute : routePrefix + "/" + function.EffectiveRoute;

    /// <summary>
    /// Maps the functions the host would admit; <paramref name="services"/> supplies the constraint resolver
    /// and, at dispatch, the loggers routes ask for. Throws, naming each function, when a template does not parse
    /// or a constraint does not resolve: the host fails to map its routes then.
    /// </summary>
    public static HostRouter Build(
        IEnumerable<HttpFunction> functions, string routePrefix, IServiceProvider services, Func<HttpFunction, RequestDelegate>? handler = null)
    {
        var admission = HostRouteRules.Admit(functions);
        var resolver = services.GetRequiredService<IInlineConstraintResolver>();
        var routes = new RouteCollection();
        var errors = new List<string>();
        foreach (var function in admission.Admitted)
        {
            var template = Template(routePrefix, function);
            try
            {
                var target = handler?.Invoke(function) ?? (_ => Task.CompletedTask);
                var constraints = new Dictionary<string, object>();
                if (function.Methods is not null)
                {
                    constraints.Add("httpMethod", new HttpMethodRouteConstraint([.. function.Methods]));
                }

                routes.Add(new Route(
                    new RouteHandler(target), function.Name, template, new RouteValueDictionary(), constraints,
                    new RouteValueDictionary { [FunctionToken] = function.Name }, resolver));
            }
            catch (RouteCreationException ex)
            {
                errors.Add($"{function.Name}: template '{template}': {ex.InnerException?.Message ?? ex.Message}");
            }
        }

        return errors.Count == 0
            ? new HostRouter(routes, services, admission)
            : throw new InvalidOperationException("The Functions host cannot map these routes:\n" + string.Join('\n', errors));
    }

    /// <summary>The function a request reaches, or null when none does (the host answers 404).</summary>
    public async Task<string?> DispatchAsync(string method, string pathAndQuery)
    {
        var parts = pathAndQuery.Split('?', 2);
        var http = new DefaultHttpContext { RequestServices = _services };
        http.Request.Method = method;
        http.Request.Path = "/" + parts[0].TrimStart('/');
        http.Request.QueryString = parts.Length > 1 ? new QueryString("?" + parts[1]) : QueryString.Empty;
        var context = new RouteContext(http);
        await _routes.RouteAsync(context);
        return context.Handler is null ? null : FunctionOf(context.RouteData);
    }

    public static string? FunctionOf(RouteData route) => route.DataTokens.TryGetValue(FunctionToken, out var name) ? name as string : null;
}
