using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Admin;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Admin;
using SyncFunctions.Core.CronTriggers;
using SyncFunctions.Core.Health;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;
using SyncFunctions.Core.Webhooks;
using SyncFunctions.DeviceSync;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Runs;
using SyncFunctions.Status;
using N = SyncFunctions.Http.ApiRoutes.Names;

namespace SyncFunctions.Docs;

/// <summary>What one route reads and answers, for the OpenAPI document. Null types mean "no body".</summary>
/// <param name="Request">The C# type the function reads with RequestBody (schema generated from it).</param>
/// <param name="Response">The C# type of the success body.</param>
/// <param name="Status">The success status code.</param>
/// <param name="List">The response is a page: <c>{data: [Response], next_cursor}</c>.</param>
/// <param name="Example">A response example (from the seed documents where they give one).</param>
/// <param name="Problems">Problem statuses particular to the route (beyond 400/401/403/404/500), with what they mean.</param>
/// <param name="Order">For lists: the order items come in, the same on every call and every page.</param>
public sealed record OpenApiContract(
    Type? Request, Type? Response, int Status = 200, bool List = false, JsonNode? Example = null, IReadOnlyList<int>? AlsoReturns = null,
    IReadOnlyDictionary<int, string>? Problems = null, string? Order = null);

/// <summary>
/// Request/response types per route name. Routes missing here are still documented (from
/// <see cref="ApiRoutes.All"/>) with a generic object body and marked <c>x-generic-schema: true</c>, so gaps stay visible.
/// </summary>
public static class OpenApiContracts
{
    // Generated ids are UUIDv7 (SyncFunctions.Core.Ids.TimeOrderedId), and Table Storage lists a partition by row key.
    private const string OldestFirst = "Oldest first: ascending `id`; ids are time-ordered (UUIDv7).";

    public static IReadOnlyDictionary<string, OpenApiContract> ByRoute { get; } = new Dictionary<string, OpenApiContract>
    {
        [N.Health] = new(null, typeof(HealthReport), AlsoReturns: [503]),
        [N.CreateEnvironment] = new(typeof(CreateEnvironmentRequest), typeof(EnvironmentView), 201),
        [N.ListEnvironments] = new(null, typeof(EnvironmentView), List: true, Order: OldestFirst),
        [N.GetEnvironment] = new(null, typeof(EnvironmentView)),
        [N.CreateApiKey] = new(typeof(CreateApiKeyRequest), typeof(CreatedApiKeyView), 201),
        [N.ListApiKeys] = new(null, typeof(ApiKeyView), List: true, Order: OldestFirst),
        [N.GetApiKey] = new(null, typeof(ApiKeyView)),
        [N.DeleteApiKey] = new(null, null, 204),
        [N.SelfTest] = new(null, typeof(SelfTestView), AlsoReturns: [202, 503]),
        [N.PutIntegration] = new(typeof(IntegrationDefinition), typeof(IntegrationView), AlsoReturns: [201]),
        [N.GetIntegration] = new(null, typeof(IntegrationView)),
        [N.DeleteIntegration] = new(null, null, 204),
        [N.ListIntegrations] = new(null, typeof(IntegrationView), List: true, Order: "By `name`, ascending (ordinal)."),
        [N.PutUnifiedModel] = new(typeof(UnifiedModelDefinition), typeof(UnifiedModelView), Example: OpenApiExamples.UnifiedModel, AlsoReturns: [201]),
        [N.GetUnifiedModel] = new(null, typeof(UnifiedModelView), Example: OpenApiExamples.UnifiedModel),
        [N.DeleteUnifiedModel] = new(null, null, 204),
        [N.ListUnifiedModels] = new(null, typeof(UnifiedModelView), List: true, Order: "By `name`, ascending (ordinal)."),
        [N.CreateAccount] = new(typeof(CreateAccountRequest), typeof(AccountView), 201),
        [N.ListAccounts] = new(null, typeof(AccountView), List: true, Order: OldestFirst),
        [N.GetAccount] = new(null, typeof(AccountView)),
        [N.UpdateAccount] = new(typeof(UpdateAccountRequest), typeof(AccountView)),
        [N.DeleteAccount] = new(null, null, 204),
        [N.CreateSyncJob] = new(typeof(SyncJobDefinition), typeof(SyncJobView), 201),
        [N.ListSyncJobs] = new(null, typeof(SyncJobView), List: true, Order: OldestFirst),
        [N.GetSyncJob] = new(null, typeof(SyncJobView)),
        [N.UpdateSyncJob] = new(typeof(UpdateSyncJobRequest), typeof(SyncJobView)),
        [N.DeleteSyncJob] = new(null, null, 204),
        [N.CreateRun] = new(typeof(CreateRunRequest), typeof(RunView), 201, Example: OpenApiExamples.Run, AlsoReturns: [200], Problems: new Dictionary<int, string>
        {
            [404] = "The sync job, account or webhook named in the body is not in the key's environment (`field` says which).",
            [409] = "The job's integration is gone, or the Idempotency-Key was used for another request (`idempotency_key_reused`) or is still being answered (`idempotency_key_in_flight`).",
            [503] = "`orchestration_unavailable`: the run was stored but could not be started, and was failed; retry after `Retry-After`.",
        }),
        [N.ListRuns] = new(null, typeof(RunView), List: true, Order: OldestFirst),
        [N.GetRun] = new(null, typeof(RunView), Example: OpenApiExamples.Run),
        [N.UpdateRun] = new(typeof(UpdateRunRequest), typeof(RunView), Problems: new Dictionary<int, string> { [409] = "`run_finished`: the run has already ended." }),
        [N.DeleteRun] = new(null, null, 204),
        [N.ListRunErrors] = new(null, typeof(RunErrorView), List: true, Order: "By job entry, unit, parent, page, then position on the page (page errors after that page's record errors)."),
        [N.CancelRun] = new(null, typeof(RunView), Problems: new Dictionary<int, string> { [409] = "`run_finished`: the run has already ended." }),
        [N.RetryRun] = new(null, typeof(RunView), 201, Problems: new Dictionary<int, string>
        {
            [409] = "`run_active`: the run has not ended; `nothing_to_retry`: it has no failed pages and did not fail.",
            [503] = "`orchestration_unavailable`: the retry run was stored but could not be started, and was failed.",
        }),
        [N.ListJobSyncStatus] = new(null, typeof(JobSyncStatusBody), Example: OpenApiExamples.JobSyncStatus, AlsoReturns: [429]),
        [N.ListConnections] = new(null, typeof(ConnectionListBody), Example: OpenApiExamples.Connections, Order: OldestFirst),
        [N.GetConnection] = new(null, typeof(ConnectionBody)),
        [N.CreateCronTrigger] = new(typeof(CreateCronTriggerRequest), typeof(CronTriggerView), 201),
        [N.ListCronTriggers] = new(null, typeof(CronTriggerView), List: true, Order: OldestFirst),
        [N.GetCronTrigger] = new(null, typeof(CronTriggerView)),
        [N.UpdateCronTrigger] = new(typeof(UpdateCronTriggerRequest), typeof(CronTriggerView)),
        [N.DeleteCronTrigger] = new(null, null, 204),
        [N.CreateWebhook] = new(typeof(CreateWebhookRequest), typeof(CreatedWebhookView), 201),
        [N.ListWebhooks] = new(null, typeof(WebhookView), List: true, Order: OldestFirst),
        [N.GetWebhook] = new(null, typeof(WebhookView)),
        [N.DeleteWebhook] = new(null, null, 204),
        [N.StartSync] = new(null, typeof(BaseSyncWire.SessionEnvelope), 201, Example: OpenApiExamples.SyncSession, AlsoReturns: [204]),
        [N.GetSyncQueue] = new(null, typeof(BaseSyncWire.PageEnvelope), AlsoReturns: [204]),
        [N.AckSync] = new(typeof(BaseSyncWire.AckRequest), typeof(BaseSyncWire.AckEnvelope), 202),
        [N.ListRecords] = new(null, typeof(JsonObject), List: true, Order: "By `_sync.revision`, ascending: the order records were stored in; a record stored again moves to its new revision."),
        [N.OpenApi] = new(null, typeof(JsonObject)),
        [N.Dashboard] = new(null, null),
    };

    /// <summary>The generic contract of a route with no entry yet: any JSON object in and out.</summary>
    public static OpenApiContract Generic(ApiRoute route) =>
        new(route.Method is "POST" or "PUT" or "PATCH" ? typeof(JsonObject) : null, typeof(JsonObject));

    internal static JsonSerializerOptions Json => ApiJson.Options;
}
