using System.Reflection;
using System.Runtime.CompilerServices;
using SyncFunctions.Core.Security;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Http;

/// <summary>The route table: every HTTP function of the app, in one place.</summary>
public static class ApiRoutes
{
    /// <summary>Trigger route templates; <see cref="ApiRoute.Path"/> is what clients call.</summary>
    public static class Templates
    {
        // The host refuses literal admin/… routes; see RouteTemplates.Admin.
        private const string Admin = RouteTemplates.Admin + "/";

        public const string Health = "health";
        public const string Environments = Admin + "environments";
        public const string Environment = Admin + "environments/{id}";
        public const string ApiKeys = Admin + "api-keys";
        public const string ApiKey = Admin + "api-keys/{id}";
        public const string SelfTest = Admin + "self-test";
        public const string Integrations = "integrations";
        public const string Integration = "integrations/{name}";
        public const string UnifiedModels = "unified-models";
        public const string UnifiedModel = "unified-models/{name}";
        public const string Accounts = "integrated-accounts";
        public const string Account = "integrated-accounts/{id}";
        public const string SyncJobs = "sync-job";
        public const string SyncJob = "sync-job/{id}";
        public const string JobSyncStatus = "sync-job/{id}/job_sync_status";
        public const string Connections = "connections";
        public const string Connection = "connections/{id}";
        public const string Runs = "sync-job-run";
        public const string Run = "sync-job-run/{id}";
        public const string RunErrors = "sync-job-run/{id}/errors";
        public const string CancelRun = "sync-job-run/{id}/cancel";
        public const string RetryRun = "sync-job-run/{id}/retry";
        public const string CronTriggers = "sync-job-cron-trigger";
        public const string CronTrigger = "sync-job-cron-trigger/{id}";
        public const string Webhooks = "webhooks";
        public const string Webhook = "webhooks/{id}";
        public const string SyncStart = "v2/sync/start";
        public const string SyncQueue = "v2/sync/{id}/queues/main";
        public const string SyncAck = "v2/sync/ack";
        public const string Records = "records";
        public const string OpenApi = "openapi.json";
        public const string Dashboard = "dashboard";
    }

    public static readonly ApiRoute Health = Route("GET", Templates.Health, null, "Storage reachability (anonymous).");
    public static readonly ApiRoute CreateEnvironment = Route("POST", Templates.Environments, Scopes.Admin, "Create an environment (root admin key).");
    public static readonly ApiRoute ListEnvironments = Route("GET", Templates.Environments, Scopes.Admin, "List environments.");
    public static readonly ApiRoute GetEnvironment = Route("GET", Templates.Environment, Scopes.Admin, "Get an environment.");
    public static readonly ApiRoute CreateApiKey = Route("POST", Templates.ApiKeys, Scopes.Admin, "Create an API key; the key is shown once.", RouteAccess.PerAccount);
    public static readonly ApiRoute ListApiKeys = Route("GET", Templates.ApiKeys, Scopes.Admin, "List API keys (never the keys themselves).", RouteAccess.PerAccount);
    public static readonly ApiRoute GetApiKey = Route("GET", Templates.ApiKey, Scopes.Admin, "Get an API key's metadata.", RouteAccess.PerAccount);
    public static readonly ApiRoute DeleteApiKey = Route("DELETE", Templates.ApiKey, Scopes.Admin, "Revoke an API key.", RouteAccess.PerAccount);
    public static readonly ApiRoute SelfTest = Route("POST", Templates.SelfTest, Scopes.Admin, "Run the self-test orchestration (Durable + storage round trip).", RouteAccess.Unrestricted);

    public static readonly ApiRoute PutIntegration = Route("PUT", Templates.Integration, Scopes.Integrations, "Create or replace an integration (a declarative upstream REST API).", RouteAccess.Unrestricted);
    public static readonly ApiRoute GetIntegration = Route("GET", Templates.Integration, Scopes.Integrations, "Get an integration.");
    public static readonly ApiRoute DeleteIntegration = Route("DELETE", Templates.Integration, Scopes.Integrations, "Delete an integration.", RouteAccess.Unrestricted);
    public static readonly ApiRoute ListIntegrations = Route("GET", Templates.Integrations, Scopes.Integrations, "List integrations.");
    public static readonly ApiRoute PutUnifiedModel = Route("PUT", Templates.UnifiedModel, Scopes.Integrations, "Create or replace a unified model: its resources' JSON Schemas and each integration's mapping (JMESPath), compiled when saved.", RouteAccess.Unrestricted);
    public static readonly ApiRoute GetUnifiedModel = Route("GET", Templates.UnifiedModel, Scopes.Integrations, "Get a unified model.");
    public static readonly ApiRoute DeleteUnifiedModel = Route("DELETE", Templates.UnifiedModel, Scopes.Integrations, "Delete a unified model (its stored records stay).", RouteAccess.Unrestricted);
    public static readonly ApiRoute ListUnifiedModels = Route("GET", Templates.UnifiedModels, Scopes.Integrations, "List unified models.");
    public static readonly ApiRoute CreateIntegratedAccount = Route("POST", Templates.Accounts, Scopes.Integrations, "Connect an account to an integration (credentials are write-only).", RouteAccess.Unrestricted);
    public static readonly ApiRoute ListIntegratedAccounts = Route("GET", Templates.Accounts, Scopes.Integrations, "List integrated accounts (?integration_name=).", RouteAccess.PerAccount);
    public static readonly ApiRoute GetIntegratedAccount = Route("GET", Templates.Account, Scopes.Integrations, "Get an integrated account.", RouteAccess.PerAccount);
    public static readonly ApiRoute UpdateIntegratedAccount = Route("PATCH", Templates.Account, Scopes.Integrations, "Update an integrated account; variables and credentials merge, null removes.", RouteAccess.PerAccount);
    public static readonly ApiRoute DeleteIntegratedAccount = Route("DELETE", Templates.Account, Scopes.Integrations, "Delete an integrated account.", RouteAccess.PerAccount);
    public static readonly ApiRoute CreateSyncJob = Route("POST", Templates.SyncJobs, Scopes.SyncJobs, "Create a sync job.", RouteAccess.Unrestricted);
    public static readonly ApiRoute ListSyncJobs = Route("GET", Templates.SyncJobs, Scopes.SyncJobs, "List sync jobs (?integration_name=).");
    public static readonly ApiRoute GetSyncJob = Route("GET", Templates.SyncJob, Scopes.SyncJobs, "Get a sync job.");
    public static readonly ApiRoute UpdateSyncJob = Route("PATCH", Templates.SyncJob, Scopes.SyncJobs, "Update a sync job.", RouteAccess.Unrestricted);
    public static readonly ApiRoute DeleteSyncJob = Route("DELETE", Templates.SyncJob, Scopes.SyncJobs, "Delete a sync job.", RouteAccess.Unrestricted);

    public static readonly ApiRoute CreateSyncJobRun = Route("POST", Templates.Runs, Scopes.Runs, "Start a sync job run (a Durable orchestration whose instance id is the run id).", RouteAccess.PerAccount);
    public static readonly ApiRoute ListSyncJobRuns = Route("GET", Templates.Runs, Scopes.Runs, "List runs (?sync_job_id=&integrated_account_id=&status=).", RouteAccess.PerAccount);
    public static readonly ApiRoute UpdateSyncJobRun = Route("PATCH", Templates.Run, Scopes.Runs, "Stop a run: {\"status\":\"stopped\"}; no page writes once it answers, and its orchestration and unit sub-orchestrations are terminated.", RouteAccess.PerAccount);
    public static readonly ApiRoute DeleteSyncJobRun = Route("DELETE", Templates.Run, Scopes.Runs, "Delete a finished run and its orchestration history.", RouteAccess.PerAccount);
    public static readonly ApiRoute RetrySyncJobRun = Route("POST", Templates.RetryRun, Scopes.Runs, "Retry a finished run as a new run: only its failed pages and loop elements, or all of a failed run.", RouteAccess.PerAccount);
    public static readonly ApiRoute ListSyncJobRunErrors = Route("GET", Templates.RunErrors, Scopes.Runs, "A run's error ledger: page and record errors (grouped per page under error_handling batch), cursor-paginated.", RouteAccess.PerAccount);
    public static readonly ApiRoute CancelSyncJobRun = Route("POST", Templates.CancelRun, Scopes.Runs, "Census's cancel: the same as PATCH {\"status\":\"stopped\"}; the run then shows canceled: true.", RouteAccess.PerAccount);
    public static readonly ApiRoute ListJobSyncStatus = Route("GET", Templates.JobSyncStatus, Scopes.Status, "Braze's job_sync_status: a job's runs newest first, 10 a page, Link header prev/next; 100 requests a minute per key.", RouteAccess.PerAccount);
    public static readonly ApiRoute ListConnections = Route("GET", Templates.Connections, Scopes.Status, "ActiveCampaign's connections: integrated accounts with syncStatus, status, lastSync (?filters[service]=&filters[externalid]=).", RouteAccess.PerAccount);
    public static readonly ApiRoute GetConnection = Route("GET", Templates.Connection, Scopes.Status, "One ActiveCampaign connection: {\"connection\":{…}}.", RouteAccess.PerAccount);
    public static readonly ApiRoute GetSyncJobRun = Route("GET", Templates.Run, Scopes.Runs, "Get a run: Truto fields, Census counters, the embedded sync job.", RouteAccess.PerAccount);

    public static readonly ApiRoute CreateSyncJobCronTrigger = Route("POST", Templates.CronTriggers, Scopes.SyncJobs, "Schedule runs of a sync job for an account with a UTC cron expression.", RouteAccess.PerAccount);
    public static readonly ApiRoute ListSyncJobCronTriggers = Route("GET", Templates.CronTriggers, Scopes.SyncJobs, "List cron triggers.", RouteAccess.PerAccount);
    public static readonly ApiRoute GetSyncJobCronTrigger = Route("GET", Templates.CronTrigger, Scopes.SyncJobs, "Get a cron trigger (next_run_at, last_run_at, last_run_id, last_error).", RouteAccess.PerAccount);
    public static readonly ApiRoute UpdateSyncJobCronTrigger = Route("PATCH", Templates.CronTrigger, Scopes.SyncJobs, "Update a cron trigger; a new cron_expression recomputes next_run_at.", RouteAccess.PerAccount);
    public static readonly ApiRoute DeleteSyncJobCronTrigger = Route("DELETE", Templates.CronTrigger, Scopes.SyncJobs, "Delete a cron trigger (its runs stay).", RouteAccess.PerAccount);

    public static readonly ApiRoute CreateWebhook = Route("POST", Templates.Webhooks, Scopes.Webhooks, "Create a webhook target; its signing secret is shown once.", RouteAccess.Unrestricted);
    public static readonly ApiRoute ListWebhooks = Route("GET", Templates.Webhooks, Scopes.Webhooks, "List webhook targets (never their secrets).", RouteAccess.Unrestricted);
    public static readonly ApiRoute GetWebhook = Route("GET", Templates.Webhook, Scopes.Webhooks, "Get a webhook target.", RouteAccess.Unrestricted);
    public static readonly ApiRoute DeleteWebhook = Route("DELETE", Templates.Webhook, Scopes.Webhooks, "Delete a webhook target.", RouteAccess.Unrestricted);
    public static readonly ApiRoute StartDeviceSync = Route("POST", Templates.SyncStart, Scopes.Sync, "Base sync: start a session for the device in X-Basecrm-Device-UUID (201 with the main queue, 204 when nothing is new).", RouteAccess.PerAccount);
    public static readonly ApiRoute GetDeviceSyncQueue = Route("GET", Templates.SyncQueue, Scopes.Sync, "Base sync: the next page of a session's main queue (200 items, 204 once drained).", RouteAccess.PerAccount);
    public static readonly ApiRoute AckDeviceSync = Route("POST", Templates.SyncAck, Scopes.Sync, "Base sync: acknowledge received items (202; applied in the background).", RouteAccess.PerAccount);
    public static readonly ApiRoute ListRecords = Route("GET", Templates.Records, Scopes.Records, "Stored records of one account's resource in revision order, tombstones included (?resource=&integrated_account_id=&modified_after=).", RouteAccess.PerAccount);

    public static readonly ApiRoute OpenApiDocument = Route("GET", Templates.OpenApi, null, "This API's OpenAPI 3 document (anonymous).");
    public static readonly ApiRoute Dashboard = Route("GET", Templates.Dashboard, null, "The status page: runs, sync status and connections, read in the browser with a pasted API key (anonymous HTML).");

    /// <summary>Every row above, in the order written.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [.. typeof(ApiRoutes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ApiRoute))
        .OrderBy(f => f.MetadataToken)
        .Select(f => (ApiRoute)f.GetValue(null)!)];

    /// <summary>A row named for its field, which is the function's name: <c>[Function(nameof(ApiRoutes.X))]</c>.</summary>
    private static ApiRoute Route(string method, string template, string? scope, string summary, RouteAccess access = RouteAccess.Environment, [CallerMemberName] string functionName = "") =>
        new(functionName, method, template, scope, summary, access);
}
