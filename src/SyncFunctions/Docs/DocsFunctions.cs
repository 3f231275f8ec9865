using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Docs;

/// <summary>The self-describing endpoints: the OpenAPI document and the status page (both anonymous; neither holds data).</summary>
public sealed class DocsFunctions(HttpApi api)
{
    /// <summary>
    /// The page runs only its own script and styles, talks only to this origin, and cannot be framed:
    /// it handles an API key, so nothing else may run beside it or overlay it.
    /// </summary>
    public const string DashboardPolicy =
        "default-src 'none'; script-src 'sha256-{script}'; style-src 'sha256-{style}'; connect-src 'self'; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    [Function(nameof(ApiRoutes.OpenApiDocument))]
    public Task<IActionResult> OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.OpenApi)] HttpRequest req) =>
        api.HandleAnonymousAsync(req, ApiRoutes.OpenApiDocument, _ =>
            Task.FromResult<IActionResult>(new TextResult(OpenApiDocumentFactory.DocumentJson, "application/json; charset=utf-8")));

    [Function(nameof(ApiRoutes.Dashboard))]
    public Task<IActionResult> Dashboard([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Dashboard)] HttpRequest req) =>
        api.HandleAnonymousAsync(req, ApiRoutes.Dashboard, _ =>
        {
            var page = DashboardPage.Instance;
            return Task.FromResult<IActionResult>(new TextResult(page.Html, "text/html; charset=utf-8")
                .WithHeader("Content-Security-Policy", page.ContentSecurityPolicy)
                .WithHeader("X-Content-Type-Options", "nosniff")
                .WithHeader("Referrer-Policy", "no-referrer")
                .WithHeader("Cache-Control", "no-store"));
        });

    /// <summary>A fixed text body; like <see cref="ApiResult"/> it runs on a bare HttpContext.</summary>
    private sealed class TextResult(string body, string contentType) : IActionResult
    {
        private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

        public TextResult WithHeader(string name, string value)
        {
            _headers[name] = value;
            return this;
        }

        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            foreach (var (name, value) in _headers)
            {
                response.Headers[name] = value;
            }

            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.HttpContext.RequestAborted);
        }
    }
}
