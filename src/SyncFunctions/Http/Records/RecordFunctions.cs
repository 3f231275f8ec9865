using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Records;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Http.Records;

public sealed class RecordFunctions(HttpApi api, RecordListService records)
{
    [Function(ApiRoutes.Names.ListRecords)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Records)] HttpRequest req) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.ListRecords, async (env, ct) =>
        {
            var query = new RecordListQuery(Query.Get(req, "resource"), Query.Get(req, "integrated_account_id"), Query.Get(req, "modified_after"));
            return ApiResult.Ok(ListResponse<JsonObject>.From(await records.ListAsync(env, query, Query.Get(req, "cursor"), Query.Limit(req), ct)));
        });
}
