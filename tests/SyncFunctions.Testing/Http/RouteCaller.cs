using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Testing.App;

namespace SyncFunctions.Testing.Http;

/// <summary>
/// Calls the function behind any route of the route table in-process, found by the entry point functions.metadata
/// names and bound as <see cref="FunctionHttpHost"/> binds it (the request, the Durable client, route values by
/// name), so suites generated from <c>ApiRoutes.All</c> need no code per route and run without a socket.
/// </summary>
public sealed class RouteCaller
{
    private static readonly Lazy<IReadOnlyDictionary<string, MethodInfo>> Methods = new(() =>
        HttpFunction.ReadMetadata(Path.Combine(AppContext.BaseDirectory, "functions.metadata")).ToDictionary(f => f.Name, f => f.Method()));

    private readonly TestApp _app;

    public RouteCaller(TestApp app) => _app = app;

    /// <summary>A request to <paramref name="route"/>'s documented path with its one parameter (id or name) set to <paramref name="id"/>.</summary>
    public static TestRequest Request(ApiRoute route, string? id = null, string query = "")
    {
        var path = route.Path.Replace("{id}", Segment(id), StringComparison.Ordinal).Replace("{name}", Segment(id), StringComparison.Ordinal);
        path += query.Length == 0 ? "" : "?" + query.TrimStart('?');
        return route.Method switch
        {
            "GET" => TestRequest.Get(path),
            "POST" => TestRequest.Post(path),
            "PUT" => TestRequest.Put(path),
            "PATCH" => TestRequest.Patch(path),
            "DELETE" => TestRequest.Delete(path),
            _ => throw new ArgumentException($"No test request for method {route.Method}.", nameof(route)),
        };
    }

    // A lone surrogate has no UTF-8 spelling; the host could never have decoded one from a URL, so the path shows U+FFFD.
    private static string Segment(string? id) =>
        Uri.EscapeDataString(System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(id ?? "")));

    /// <param name="id">The value of the route's parameter, as the host would bind it (already decoded).</param>
    public Task<TestResponse> SendAsync(ApiRoute route, TestRequest request, string? id = null)
    {
        var method = Methods.Value.TryGetValue(route.FunctionName, out var found)
            ? found
            : throw new InvalidOperationException($"functions.metadata has no function {route.FunctionName}.");
        return request.SendAsync(r =>
        {
            var arguments = method.GetParameters().Select(p => Bind(p, r, id)).ToArray();
            var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(_app.Services, method.DeclaringType!);
            return (Task<IActionResult>)method.Invoke(target, arguments)!;
        });
    }

    private object? Bind(ParameterInfo parameter, HttpRequest request, string? id)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return request;
        }

        if (parameter.ParameterType == typeof(DurableTaskClient))
        {
            return _app.DurableClient;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return request.HttpContext.RequestAborted;
        }

        if (parameter.ParameterType == typeof(string) && parameter.Name is "id" or "name")
        {
            return id;
        }

        throw new InvalidOperationException($"Cannot bind parameter {parameter.Name} of {parameter.Member.DeclaringType?.Name}.{parameter.Member.Name}.");
    }
}
