using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Admin;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Admin;
using SyncFunctions.Core.CronTriggers;
using SyncFunctions.Core.Health;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Views;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;
using SyncFunctions.Core.Webhooks;
using SyncFunctions.DeviceSync;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Runs;
using SyncFunctions.Status;

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
        [nameof(ApiRoutes.Health)] = new(null, typeof(HealthReport), AlsoReturns: [503]),
        [nameof(ApiRoutes.CreateEnvironment)] = new(typeof(CreateEnvironmentRequest), typeof(EnvironmentView), 201),
        [nameof(ApiRoutes.ListEnvironments)] = new(null, typeof(EnvironmentView), List: true, Order: OldestFirst),
        [nameof(ApiRoutes.GetEnvironment)] = new(null, typeof(EnvironmentView)),
        [nameof(ApiRoutes.CreateApiKey)] = new(typeof(CreateApiKeyRequest), typeof(CreatedApiKeyView), 201),
        [nameof(ApiRoutes.ListApiKeys)] = new(null, typeof(ApiKeyView), List: true, Order: OldestFirst),
        [nameof(ApiRoutes.GetApiKey)] = new(null, typeof(ApiKeyView)),
        [nameof(ApiRoutes.DeleteApiKey)] = new(null, null, 204),
        [nameof(ApiRoutes.SelfTest)] = new(null, typeof(SelfTestView), AlsoReturns: [202, 503]),
        [nameof(ApiRoutes.PutIntegration)] = new(typeof(IntegrationDefinition), typeof(IntegrationView), AlsoReturns: [201]),
        [nameof(ApiRoutes.GetIntegration)] = new(null, typeof(IntegrationView)),
        [nameof(ApiRoutes.DeleteIntegration)] = new(null, null, 204),
        [nameof(ApiRoutes.ListIntegrations)] = new(null, typeof(IntegrationView), List: true, Order: "By `name`, ascending (ordinal)."),
        [nameof(ApiRoutes.PutUnifiedModel)] = new(typeof(UnifiedModelDefinition), typeof(UnifiedModelView), Example: OpenApiExamples.UnifiedModel, AlsoReturns: [201]),
        [nameof(ApiRoutes.GetUnifiedModel)] = new(null, typeof(UnifiedModelView), Example: OpenApiExamples.UnifiedModel),
        [nameof(ApiRoutes.DeleteUnifiedModel)] = new(null, null, 204),
        [nameof(ApiRoutes.ListUnifiedModels)] = new(null, typeof(UnifiedModelView), List: true, Order: "By `name`, ascending (ordinal)."),
        [nameof(ApiRoutes.CreateIntegratedAccount)] = new(typeof(CreateAccountRequest), typeof(AccountView), 201),
        [nameof(ApiRoutes.ListIntegratedAccounts)] = new(null, typeof(AccountView), List: true, Order: OldestFirst),
        [nameof(ApiRoutes.GetIntegratedAccount)] = new(null, typeof(AccountView)),
        [nameof(ApiRoutes.UpdateIntegratedAccount)] = new(typeof(UpdateAccountRequest), typeof(AccountView)),
        [nameof(ApiRoutes.DeleteIntegratedAccount)] = new(null, null, 204),
        [nameof(ApiRoutes.CreateSyncJob)] = new(typeof(SyncJobDefinition), typeof(SyncJobView), 201),
        [nameof(ApiRoutes.ListSyncJobs)] = new(null, typeof(SyncJobView), List: true, Order: OldestFirst),
        [nameof(ApiRoutes.GetSyncJob)] = new(null, typeof(SyncJobView)),
        [nameof(ApiRoutes.UpdateSyncJob)] = new(typeof(UpdateSyncJobRequest), typeof(SyncJobView)),
        [nameof(ApiRoutes.DeleteSyncJob)] = new(null, null, 204),
        [nameof(ApiRoutes.CreateSyncJobRun)] = new(typeof(CreateRunRequest), typeof(RunView), 201, Example: OpenApiExamples.Run, AlsoReturns: [200], Problems: new Dictionary<int, string>
        {
            [404] = "The sync job, account or webhook named in the body is not in the key's environment (`field` says which).",
            [409] = "The job's integration is gone, or the Idempotency-Key was used for another request (`idempotency_key_reused`) or is still being answered (`idempotency_key_in_flight`).",
            [503] = "`orchestration_unavailable`: the run was stored but could not be started, and was failed; retry after `Retry-After`.",
        }),
        [nameof(ApiRoutes.ListSyncJobRuns)] = new(null, typeof(RunView), List: true, Order: OldestFirst),
        [nameof(ApiRoutes.GetSyncJobRun)] = new(null, typeof(RunView), Example: OpenApiExamples.Run),
        [nameof(ApiRoutes.UpdateSyncJobRun)] = new(typeof(UpdateRunRequest), typeof(RunView), Problems: new Dictionary<int, string> { [409] = "`run_finished`: the run has already ended." }),
        [nameof(ApiRoutes.DeleteSyncJobRun)] = new(null, null, 204),
        [nameof(ApiRoutes.ListSyncJobRunErrors)] = new(null, typeof(RunErrorView), List: true, Order: "By job entry, unit, parent, page, then position on the page (page errors after that page's record errors)."),
        [nameof(ApiRoutes.CancelSyncJobRun)] = new(null, typeof(RunView), Problems: new Dictionary<int, string> { [409] = "`run_finished`: the run has already ended." }),
        [nameof(ApiRoutes.RetrySyncJobRun)] = new(null, typeof(RunView), 201, Problems: new Dictionary<int, string>
        {
            [409] = "`run_active`: the run has not ended; `nothing_to_retry`: it has no failed pages and did not fail.",
            [503] = "`orchestration_unavailable`: the retry run was stored but could not be started, and was failed.",
        }),
        [nameof(ApiRoutes.ListJobSyncStatus)] = new(null, typeof(JobSyncStatusBody), Example: OpenApiExamples.JobSyncStatus, AlsoReturns: [429]),
        [nameof(ApiRoutes.ListConnections)] = new(null, typeof(ConnectionListBody), Example: OpenApiExamples.Connections, Order: OldestFirst),
        [nameof(ApiRoutes.GetConnection)] = new(null, typeof(ConnectionBody)),
        [nameof(ApiRoutes.CreateSyncJobCronTrigger)] = new(typeof(CreateCronTriggerRequest), typeof(CronTriggerView), 201),
        [nameof(ApiRoutes.ListSyncJobCronTriggers)] = new(null, typeof(CronTriggerView), List: true, Order: OldestFirst),
        [nameof(ApiRoutes.GetSyncJobCronTrigger)] = new(null, typeof(CronTriggerView)),
        [nameof(ApiRoutes.UpdateSyncJobCronTrigger)] = new(typeof(UpdateCronTriggerRequest), typeof(CronTriggerView)),
        [nameof(ApiRoutes.DeleteSyncJobCronTrigger)] = new(null, null, 204),
        [nameof(ApiRoutes.CreateWebhook)] = new(typeof(CreateWebhookRequest), typeof(CreatedWebhookView), 201),
        [nameof(ApiRoutes.ListWebhooks)] = new(null, typeof(WebhookView), List: true, Order: OldestFirst),
        [nameof(ApiRoutes.GetWebhook)] = new(null, typeof(WebhookView)),
        [nameof(ApiRoutes.DeleteWebhook)] = new(null, null, 204),
        [nameof(ApiRoutes.StartDeviceSync)] = new(null, typeof(BaseSyncWire.SessionEnvelope), 201, Example: OpenApiExamples.SyncSession, AlsoReturns: [204]),
        [nameof(ApiRoutes.GetDeviceSyncQueue)] = new(null, typeof(BaseSyncWire.PageEnvelope), AlsoReturns: [204]),
        [nameof(ApiRoutes.AckDeviceSync)] = new(typeof(BaseSyncWire.AckRequest), typeof(BaseSyncWire.AckEnvelope), 202),
        [nameof(ApiRoutes.ListRecords)] = new(null, typeof(JsonObject), List: true, Order: "By `_sync.revision`, ascending: the order records were stored in; a record stored again moves to its new revision."),
        [nameof(ApiRoutes.OpenApiDocument)] = new(null, typeof(JsonObject)),
        [nameof(ApiRoutes.Dashboard)] = new(null, null),
    };

    /// <summary>The generic contract of a route with no entry yet: any JSON object in and out.</summary>
    public static OpenApiContract Generic(ApiRoute route) =>
        new(route.Method is "POST" or "PUT" or "PATCH" ? typeof(JsonObject) : null, typeof(JsonObject));

    internal static JsonSerializerOptions Json => ApiJson.Options;
}
