using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace SyncFunctions.Http.Pipeline;

/// <summary>
/// A JSON response written directly with <see cref="ApiJson"/> options. It needs no MVC services,
/// so a function can be executed and checked on a bare <c>DefaultHttpContext</c>.
/// </summary>
public sealed class ApiResult(int statusCode, object? body, string contentType = ApiResult.Json) : IActionResult
{
    public const string Json = "application/json";
    public const string ProblemJson = "application/problem+json";

    public int StatusCode { get; } = statusCode;

    public object? Body { get; } = body;

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static ApiResult Ok(object body) => new(StatusCodes.Status200OK, body);

    public static ApiResult Created(object body) => new(StatusCodes.Status201Created, body);

    public static ApiResult Accepted(object? body = null) => new(StatusCodes.Status202Accepted, body);

    public static ApiResult NoContent() => new(StatusCodes.Status204NoContent, null);

    public ApiResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        if (Body is null)
        {
            return;
        }

        response.ContentType = contentType + "; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, Body, Body.GetType(), ApiJson.Options, context.HttpContext.RequestAborted);
    }
}
