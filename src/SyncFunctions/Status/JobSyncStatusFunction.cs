using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.RateLimits;
using SyncFunctions.Core.Runs.Views;
using SyncFunctions.Core.Security;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Status;

/// <summary>Braze's response body: <c>{"results":[…],"message":"success"}</c>; its errors are <c>{"message":"Invalid cursor"}</c>.</summary>
public sealed record JobSyncStatusBody(IReadOnlyList<JobSyncStatusItem>? Results, string Message);

/// <summary>
/// <c>GET sync-job/{id}/job_sync_status</c>, Braze's list job sync status: its body, its 400s, its Link header and its
/// limit of 100 requests a minute per API key, counted in Table Storage so every instance shares it.
/// </summary>
public sealed class JobSyncStatusFunction(HttpApi api, JobSyncStatusService statuses, FixedWindowRateLimiter limiter, TimeProvider clock)
{
    public const int RequestsPerMinute = 100;

    [Function(nameof(ApiRoutes.ListJobSyncStatus))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.JobSyncStatus)] HttpRequest req, string id) =>
        api.HandleAsync(req, ApiRoutes.ListJobSyncStatus, async (caller, ct) =>
        {
            var tenant = Tenant.Of(caller);
            var decision = await limiter.AcquireAsync($"job_sync_status|{caller.KeyId}", RequestsPerMinute, TimeSpan.FromMinutes(1), ct);
            if (!decision.Allowed)
            {
                return WithLimits(new ApiResult(StatusCodes.Status429TooManyRequests, new JobSyncStatusBody(null, "Rate limit exceeded")), decision)
                    .WithHeader("Retry-After", decision.RetryAfterSeconds(clock.GetUtcNow()).ToString(CultureInfo.InvariantCulture));
            }

            try
            {
                var page = await statuses.ListAsync(tenant, id, Query.Get(req, "cursor"), ct);
                var result = WithLimits(ApiResult.Ok(new JobSyncStatusBody(page.Results, "success")), decision);
                var links = new List<string>();
                if (page.PrevCursor is not null)
                {
                    links.Add($"<{Link(req, page.PrevCursor)}>; rel=\"prev\"");
                }

                if (page.NextCursor is not null)
                {
                    links.Add($"<{Link(req, page.NextCursor)}>; rel=\"next\"");
                }

                return links.Count == 0 ? result : result.WithHeader("Link", string.Join(", ", links));
            }
            catch (ApiException ex) when (ex.Kind == ProblemKind.Invalid)
            {
                return WithLimits(new ApiResult(StatusCodes.Status400BadRequest, new JobSyncStatusBody(null, ex.Title)), decision);
            }
        });

    private static string Link(HttpRequest req, string cursor) => $"{req.PathBase}{req.Path}?cursor={Uri.EscapeDataString(cursor)}";

    private static ApiResult WithLimits(ApiResult result, RateDecision decision) => result
        .WithHeader("X-RateLimit-Limit", decision.Limit.ToString(CultureInfo.InvariantCulture))
        .WithHeader("X-RateLimit-Remaining", decision.Remaining.ToString(CultureInfo.InvariantCulture))
        .WithHeader("X-RateLimit-Reset", decision.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
}
