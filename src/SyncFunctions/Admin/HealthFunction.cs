using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Health;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Admin;

public sealed class HealthFunction(HttpApi api, HealthService health)
{
    [Function(nameof(ApiRoutes.Health))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Health)] HttpRequest req) =>
        api.HandleAnonymousAsync(req, ApiRoutes.Health, async ct =>
        {
            var report = await health.CheckAsync(ct);
            return new ApiResult(report.IsHealthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, report)
                .WithHeader("Cache-Control", "no-store");
        });
}
