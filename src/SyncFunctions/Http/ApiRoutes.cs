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

    public static class Names
    {
        public const string Health = "Health";
        public const string CreateEnvironment = "CreateEnvironment";
        public const string ListEnvironments = "ListEnvironments";
        public const string GetEnvironment = "GetEnvironment";
        public const string CreateApiKey = "CreateApiKey";
        public const string ListApiKeys = "ListApiKeys";
        public const string GetApiKey = "GetApiKey";
        public const string DeleteApiKey = "DeleteApiKey";
        public const string SelfTest = "SelfTest";
        public const string PutIntegration = "PutIntegration";
        public const string GetIntegration = "GetIntegration";
        public const string DeleteIntegration = "DeleteIntegration";
        public const string ListIntegrations = "ListIntegrations";
        public const string PutUnifiedModel = "PutUnifiedModel";
        public const string GetUnifiedModel = "GetUnifiedModel";
        public const string DeleteUnifiedModel = "DeleteUnifiedModel";
        public const string ListUnifiedModels = "ListUnifiedModels";
        public const string CreateAccount = "CreateIntegratedAccount";
        public const string ListAccounts = "ListIntegratedAccounts";
        public const string GetAccount = "GetIntegratedAccount";
        public const string UpdateAccount = "UpdateIntegratedAccount";
        public const string DeleteAccount = "DeleteIntegratedAccount";
        public const string CreateSyncJob = "CreateSyncJob";
        public const string ListSyncJobs = "ListSyncJobs";
        public const string GetSyncJob = "GetSyncJob";
        public const string UpdateSyncJob = "UpdateSyncJob";
        public const string DeleteSyncJob = "DeleteSyncJob";
        public const string CreateRun = "CreateSyncJobRun";
        public const string ListRuns = "ListSyncJobRuns";
        public const string GetRun = "GetSyncJobRun";
        public const string UpdateRun = "UpdateSyncJobRun";
        public const string DeleteRun = "DeleteSyncJobRun";
        public const string ListRunErrors = "ListSyncJobRunErrors";
        public const string CancelRun = "CancelSyncJobRun";
        public const string ListJobSyncStatus = "ListJobSyncStatus";
        public const string ListConnections = "ListConnections";
        public const string GetConnection = "GetConnection";
        public const string RetryRun = "RetrySyncJobRun";
        public const string CreateCronTrigger = "CreateSyncJobCronTrigger";
        public const string ListCronTriggers = "ListSyncJobCronTriggers";
        public const string GetCronTrigger = "GetSyncJobCronTrigger";
        public const string UpdateCronTrigger = "UpdateSyncJobCronTrigger";
        public const string DeleteCronTrigger = "DeleteSyncJobCronTrigger";
        public const string CreateWebhook = "CreateWebhook";
        public const string ListWebhooks = "ListWebhooks";
        public const string GetWebhook = "GetWebhook";
        public const string DeleteWebhook = "DeleteWebhook";
        public const string StartSync = "StartDeviceSync";
        public const string GetSyncQueue = "GetDeviceSyncQueue";
        public const string AckSync = "AckDeviceSync";
        public const string ListRecords = "ListRecords";
        public const string OpenApi = "OpenApiDocument";
        public const string Dashboard = "Dashboard";
    }

    public static readonly ApiRoute Health = new(Names.Health, "GET", Templates.Health, null, "Storage reachability (anonymous).");
    public static readonly ApiRoute CreateEnvironment = new(Names.CreateEnvironment, "POST", Templates.Environments, Scopes.Admin, "Create an environment (root admin key).");
    public static readonly ApiRoute ListEnvironments = new(Names.ListEnvironments, "GET", Templates.Environments, Scopes.Admin, "List environments.");
    public static readonly ApiRoute GetEnvironment = new(Names.GetEnvironment, "GET", Templates.Environment, Scopes.Admin, "Get an environment.");
    public static readonly ApiRoute CreateApiKey = new(Names.CreateApiKey, "POST", Templates.ApiKeys, Scopes.Admin, "Create an API key; the key is shown once.", RouteAccess.PerAccount);
    public static readonly ApiRoute ListApiKeys = new(Names.ListApiKeys, "GET", Templates.ApiKeys, Scopes.Admin, "List API keys (never the keys themselves).", RouteAccess.PerAccount);
    public static readonly ApiRoute GetApiKey = new(Names.GetApiKey, "GET", Templates.ApiKey, Scopes.Admin, "Get an API key's metadata.", RouteAccess.PerAccount);
    public static readonly ApiRoute DeleteApiKey = new(Names.DeleteApiKey, "DELETE", Templates.ApiKey, Scopes.Admin, "Revoke an API key.", RouteAccess.PerAccount);
    public static readonly ApiRoute SelfTest = new(Names.SelfTest, "POST", Templates.SelfTest, Scopes.Admin, "Run the self-test orchestration (Durable + storage round trip).", RouteAccess.Unrestricted);

    public static readonly ApiRoute PutIntegration = new(Names.PutIntegration, "PUT", Templates.Integration, Scopes.Integrations, "Create or replace an integration (a declarative upstream REST API).", RouteAccess.Unrestricted);
    public static readonly ApiRoute GetIntegration = new(Names.GetIntegration, "GET", Templates.Integration, Scopes.Integrations, "Get an integration.");
    public static readonly ApiRoute DeleteIntegration = new(Names.DeleteIntegration, "DELETE", Templates.Integration, Scopes.Integrations, "Delete an integration.", RouteAccess.Unrestricted);
    public static readonly ApiRoute ListIntegrations = new(Names.ListIntegrations, "GET", Templates.Integrations, Scopes.Integrations, "List integrations.");
    public static readonly ApiRoute PutUnifiedModel = new(Names.PutUnifiedModel, "PUT", Templates.UnifiedModel, Scopes.Integrations, "Create or replace a unified model: its resources' JSON Schemas and each integration's mapping (JMESPath), compiled when saved.", RouteAccess.Unrestricted);
    public static readonly ApiRoute GetUnifiedModel = new(Names.GetUnifiedModel, "GET", Templates.UnifiedModel, Scopes.Integrations, "Get a unified model.");
    public static readonly ApiRoute DeleteUnifiedModel = new(Names.DeleteUnifiedModel, "DELETE", Templates.UnifiedModel, Scopes.Integrations, "Delete a unified model (its stored records stay).", RouteAccess.Unrestricted);
    public static readonly ApiRoute ListUnifiedModels = new(Names.ListUnifiedModels, "GET", Templates.UnifiedModels, Scopes.Integrations, "List unified models.");
    public static readonly ApiRoute CreateAccount = new(Names.CreateAccount, "POST", Templates.Accounts, Scopes.Integrations, "Connect an account to an integration (credentials are write-only).", RouteAccess.Unrestricted);
    public static readonly ApiRoute ListAccounts = new(Names.ListAccounts, "GET", Templates.Accounts, Scopes.Integrations, "List integrated accounts (?integration_name=).", RouteAccess.PerAccount);
    public static readonly ApiRoute GetAccount = new(Names.GetAccount, "GET", Templates.Account, Scopes.Integrations, "Get an integrated account.", RouteAccess.PerAccount);
    public static readonly ApiRoute UpdateAccount = new(Names.UpdateAccount, "PATCH", Templates.Account, Scopes.Integrations, "Update an integrated account; variables and credentials merge, null removes.", RouteAccess.PerAccount);
    public static readonly ApiRoute DeleteAccount = new(Names.DeleteAccount, "DELETE", Templates.Account, Scopes.Integrations, "Delete an integrated account.", RouteAccess.PerAccount);
    public static readonly ApiRoute CreateSyncJob = new(Names.CreateSyncJob, "POST", Templates.SyncJobs, Scopes.SyncJobs, "Create a sync job.", RouteAccess.Unrestricted);
    public static readonly ApiRoute ListSyncJobs = new(Names.ListSyncJobs, "GET", Templates.SyncJobs, Scopes.SyncJobs, "List sync jobs (?integration_name=).");
    public static readonly ApiRoute GetSyncJob = new(Names.GetSyncJob, "GET", Templates.SyncJob, Scopes.SyncJobs, "Get a sync job.");
    public static readonly ApiRoute UpdateSyncJob = new(Names.UpdateSyncJob, "PATCH", Templates.SyncJob, Scopes.SyncJobs, "Update a sync job.", RouteAccess.Unrestricted);
    public static readonly ApiRoute DeleteSyncJob = new(Names.DeleteSyncJob, "DELETE", Templates.SyncJob, Scopes.SyncJobs, "Delete a sync job.", RouteAccess.Unrestricted);

    public static readonly ApiRoute CreateRun = new(Names.CreateRun, "POST", Templates.Runs, Scopes.Runs, "Start a sync job run (a Durable orchestration whose instance id is the run id).", RouteAccess.PerAccount);
    public static readonly ApiRoute ListRuns = new(Names.ListRuns, "GET", Templates.Runs, Scopes.Runs, "List runs (?sync_job_id=&integrated_account_id=&status=).", RouteAccess.PerAccount);
    public static readonly ApiRoute UpdateRun = new(Names.UpdateRun, "PATCH", Templates.Run, Scopes.Runs, "Stop a run: {\"status\":\"stopped\"}; no page writes once it answers, and its orchestration and unit sub-orchestrations are terminated.", RouteAccess.PerAccount);
    public static readonly ApiRoute DeleteRun = new(Names.DeleteRun, "DELETE", Templates.Run, Scopes.Runs, "Delete a finished run and its orchestration history.", RouteAccess.PerAccount);
    public static readonly ApiRoute RetryRun = new(Names.RetryRun, "POST", Templates.RetryRun, Scopes.Runs, "Retry a finished run as a new run: only its failed pages and loop elements, or all of a failed run.", RouteAccess.PerAccount);
    public static readonly ApiRoute ListRunErrors = new(Names.ListRunErrors, "GET", Templates.RunErrors, Scopes.Runs, "A run's error ledger: page and record errors (grouped per page under error_handling batch), cursor-paginated.", RouteAccess.PerAccount);
    public static readonly ApiRoute CancelRun = new(Names.CancelRun, "POST", Templates.CancelRun, Scopes.Runs, "Census's cancel: the same as PATCH {\"status\":\"stopped\"}; the run then shows canceled: true.", RouteAccess.PerAccount);
    public static readonly ApiRoute ListJobSyncStatus = new(Names.ListJobSyncStatus, "GET", Templates.JobSyncStatus, Scopes.Status, "Braze's job_sync_status: a job's runs newest first, 10 a page, Link header prev/next; 100 requests a minute per key.", RouteAccess.PerAccount);
    public static readonly ApiRoute ListConnections = new(Names.ListConnections, "GET", Templates.Connections, Scopes.Status, "ActiveCampaign's connections: integrated accounts with syncStatus, status, lastSync (?filters[service]=&filters[externalid]=).", RouteAccess.PerAccount);
    public static readonly ApiRoute GetConnection = new(Names.GetConnection, "GET", Templates.Connection, Scopes.Status, "One ActiveCampaign connection: {\"connection\":{…}}.", RouteAccess.PerAccount);
    public static readonly ApiRoute GetRun = new(Names.GetRun, "GET", Templates.Run, Scopes.Runs, "Get a run: Truto fields, Census counters, the embedded sync job.", RouteAccess.PerAccount);

    public static readonly ApiRoute CreateCronTrigger = new(Names.CreateCronTrigger, "POST", Templates.CronTriggers, Scopes.SyncJobs, "Schedule runs of a sync job for an account with a UTC cron expression.", RouteAccess.PerAccount);
    public static readonly ApiRoute ListCronTriggers = new(Names.ListCronTriggers, "GET", Templates.CronTriggers, Scopes.SyncJobs, "List cron triggers.", RouteAccess.PerAccount);
    public static readonly ApiRoute GetCronTrigger = new(Names.GetCronTrigger, "GET", Templates.CronTrigger, Scopes.SyncJobs, "Get a cron trigger (next_run_at, last_run_at, last_run_id, last_error).", RouteAccess.PerAccount);
    public static readonly ApiRoute UpdateCronTrigger = new(Names.UpdateCronTrigger, "PATCH", Templates.CronTrigger, Scopes.SyncJobs, "Update a cron trigger; a new cron_expression recomputes next_run_at.", RouteAccess.PerAccount);
    public static readonly ApiRoute DeleteCronTrigger = new(Names.DeleteCronTrigger, "DELETE", Templates.CronTrigger, Scopes.SyncJobs, "Delete a cron trigger (its runs stay).", RouteAccess.PerAccount);

    public static readonly ApiRoute CreateWebhook = new(Names.CreateWebhook, "POST", Templates.Webhooks, Scopes.Webhooks, "Create a webhook target; its signing secret is shown once.", RouteAccess.Unrestricted);
    public static readonly ApiRoute ListWebhooks = new(Names.ListWebhooks, "GET", Templates.Webhooks, Scopes.Webhooks, "List webhook targets (never their secrets).", RouteAccess.Unrestricted);
    public static readonly ApiRoute GetWebhook = new(Names.GetWebhook, "GET", Templates.Webhook, Scopes.Webhooks, "Get a webhook target.", RouteAccess.Unrestricted);
    public static readonly ApiRoute DeleteWebhook = new(Names.DeleteWebhook, "DELETE", Templates.Webhook, Scopes.Webhooks, "Delete a webhook target.", RouteAccess.Unrestricted);
    public static readonly ApiRoute StartSync = new(Names.StartSync, "POST", Templates.SyncStart, Scopes.Sync, "Base sync: start a session for the device in X-Basecrm-Device-UUID (201 with the main queue, 204 when nothing is new).", RouteAccess.PerAccount);
    public static readonly ApiRoute GetSyncQueue = new(Names.GetSyncQueue, "GET", Templates.SyncQueue, Scopes.Sync, "Base sync: the next page of a session's main queue (200 items, 204 once drained).", RouteAccess.PerAccount);
    public static readonly ApiRoute AckSync = new(Names.AckSync, "POST", Templates.SyncAck, Scopes.Sync, "Base sync: acknowledge received items (202; applied in the background).", RouteAccess.PerAccount);
    public static readonly ApiRoute ListRecords = new(Names.ListRecords, "GET", Templates.Records, Scopes.Records, "Stored records of one account's resource in revision order, tombstones included (?resource=&integrated_account_id=&modified_after=).", RouteAccess.PerAccount);

    public static readonly ApiRoute OpenApi = new(Names.OpenApi, "GET", Templates.OpenApi, null, "This API's OpenAPI 3 document (anonymous).");
    public static readonly ApiRoute Dashboard = new(Names.Dashboard, "GET", Templates.Dashboard, null, "The status page: runs, sync status and connections, read in the browser with a pasted API key (anonymous HTML).");

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        Health,
        CreateEnvironment, ListEnvironments, GetEnvironment,
        CreateApiKey, ListApiKeys, GetApiKey, DeleteApiKey,
        SelfTest,
        PutIntegration, GetIntegration, DeleteIntegration, ListIntegrations,
        PutUnifiedModel, GetUnifiedModel, DeleteUnifiedModel, ListUnifiedModels,
        CreateAccount, ListAccounts, GetAccount, UpdateAccount, DeleteAccount,
        CreateSyncJob, ListSyncJobs, GetSyncJob, UpdateSyncJob, DeleteSyncJob,
        CreateRun, ListRuns, GetRun, UpdateRun, DeleteRun, ListRunErrors, RetryRun, CancelRun,
        ListJobSyncStatus, ListConnections, GetConnection,
        CreateCronTrigger, ListCronTriggers, GetCronTrigger, UpdateCronTrigger, DeleteCronTrigger,
        CreateWebhook, ListWebhooks, GetWebhook, DeleteWebhook,
        StartSync, GetSyncQueue, AckSync, ListRecords,
        OpenApi, Dashboard,
    ];
}
