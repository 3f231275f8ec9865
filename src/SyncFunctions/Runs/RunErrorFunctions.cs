using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Runs;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Runs;

/// <summary>One entry of <c>GET sync-job-run/{id}/errors</c>.</summary>
public sealed record RunErrorView(
    string Id,
    string Type,
    string Resource,
    string Method,
    int Page,
    int LoopIndex,
    string? ParentKey,
    string? RecordId,
    string ErrorCode,
    string Message,
    string? Detail,
    string? Field,
    IReadOnlyList<RecordError>? Errors,
    DateTimeOffset CreatedAt)
{
    public static RunErrorView From(RunErrorEntry e) =>
        new(e.Key, e.Type, e.Resource, e.Method, e.Page, e.LoopIndex, e.ParentKey, e.RecordId, e.ErrorCode, e.Message, e.Detail, e.Field, e.Errors, e.CreatedAt);
}

public sealed class RunErrorFunctions(HttpApi api, RunErrorLedger ledger)
{
    [Function(nameof(ApiRoutes.ListSyncJobRunErrors))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.RunErrors)] HttpRequest req, string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.ListSyncJobRunErrors, async (tenant, ct) =>
        {
            var page = await ledger.ListAsync(tenant, id, Query.Get(req, "cursor"), Query.Limit(req), ct);
            return ApiResult.Ok(new ListResponse<RunErrorView>(page.Items.Select(RunErrorView.From).ToList(), page.NextCursor));
        });
}
