using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Records;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Records;

public sealed class RecordFunctions(HttpApi api, RecordListService records)
{
    [Function(nameof(ApiRoutes.ListRecords))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Records)] HttpRequest req) =>
        api.HandleInTenantAsync(req, ApiRoutes.ListRecords, async (tenant, ct) =>
        {
            var query = new RecordListQuery(Query.Get(req, "resource"), Query.Get(req, "integrated_account_id"), Query.Get(req, "modified_after"));
            if (query.IntegratedAccountId is { } account)
            {
                tenant.RequireVisible(account, "The integrated account", "integrated_account_id");
            }

            return ApiResult.Ok(ListResponse<JsonObject>.From(await records.ListAsync(tenant.EnvironmentId, query, Query.Get(req, "cursor"), Query.Limit(req), ct)));
        });
}
