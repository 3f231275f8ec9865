using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace SyncFunctions.Testing.Http;

/// <summary>
/// Builds an <see cref="HttpRequest"/> on a <see cref="DefaultHttpContext"/>, hands it to a function
/// method and executes the <see cref="IActionResult"/> it returns, as the ASP.NET Core integration
/// of the Functions worker does. The response (status, headers, body) is what a client would get.
/// </summary>
public sealed class TestRequest
{
    private readonly DefaultHttpContext _context = new();

    private TestRequest(string method, string path)
    {
        var (pathPart, query) = path.Split('?', 2) switch
        {
            [var p, var q] => (p, "?" + q),
            [var p] => (p, ""),
            _ => throw new ArgumentException(path, nameof(path)),
        };
        _context.Request.Method = method;
        _context.Request.Scheme = "http";
        _context.Request.Host = new HostString("localhost", 7071);
        _context.Request.Path = "/api/" + pathPart.TrimStart('/');
        _context.Request.QueryString = new QueryString(query);
        _context.Response.Body = new MemoryStream();
    }

    public static TestRequest Get(string path) => new("GET", path);

    public static TestRequest Post(string path) => new("POST", path);

    public static TestRequest Put(string path) => new("PUT", path);

    public static TestRequest Patch(string path) => new("PATCH", path);

    public static TestRequest Delete(string path) => new("DELETE", path);

    public HttpRequest Request => _context.Request;

    public TestRequest Header(string name, string value)
    {
        _context.Request.Headers[name] = new StringValues(value);
        return this;
    }

    public TestRequest Bearer(string token) => Header("Authorization", "Bearer " + token);

    public TestRequest Json(object body) =>
        Body(JsonSerializer.Serialize(body, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));

    public TestRequest Body(string raw, string? contentType = "application/json") => Body(Encoding.UTF8.GetBytes(raw), contentType);

    /// <summary>A body of exactly these bytes, e.g. invalid UTF-8 that no string can carry.</summary>
    public TestRequest Body(byte[] bytes, string? contentType)
    {
        _context.Request.Body = new MemoryStream(bytes);
        _context.Request.ContentLength = bytes.Length;
        _context.Request.ContentType = contentType;
        return this;
    }

    public TestRequest Services(IServiceProvider services)
    {
        _context.RequestServices = services;
        return this;
    }

    public async Task<TestResponse> SendAsync(Func<HttpRequest, Task<IActionResult>> function)
    {
        var result = await function(_context.Request);
        await result.ExecuteResultAsync(new ActionContext(_context, new RouteData(), new ActionDescriptor()));
        _context.Response.Body.Position = 0;
        var body = await new StreamReader(_context.Response.Body, Encoding.UTF8).ReadToEndAsync();
        return new TestResponse(_context.Response.StatusCode, _context.Response.Headers, _context.Response.ContentType, body);
    }
}
