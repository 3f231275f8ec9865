namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Every table the hub keeps (each prefixed per hub by <see cref="TableStore"/>). Keys: partition and row builders live
/// with each store; they encode user values with <see cref="TableKeyEncoding"/> and keep to <see cref="TableKeys.MaxLength"/>.
/// </summary>
public static class TableNames
{
    /// <summary>Integrated accounts.</summary>
    public const string Accounts = "accounts";

    /// <summary>Active runs the poller watches.</summary>
    public const string ActiveRuns = "activeruns";

    /// <summary>API keys by token hash.</summary>
    public const string ApiKeys = "apikeys";

    /// <summary>Change feeds by (environment, account, resource) and revision.</summary>
    public const string Changes = "changes";

    /// <summary>ActiveCampaign connection states.</summary>
    public const string Connections = "connections";

    /// <summary>Revision counters, one per feed (the feed directory).</summary>
    public const string Counters = "counters";

    /// <summary>Cron triggers.</summary>
    public const string CronTriggers = "crontriggers";

    /// <summary>Device acks per feed and revision.</summary>
    public const string DeviceAcks = "deviceacks";

    /// <summary>Device marks per (environment, key, device) and feed.</summary>
    public const string Devices = "devices";

    /// <summary>Environments (one partition).</summary>
    public const string Environments = "environments";

    /// <summary>Idempotency-Key reservations.</summary>
    public const string Idempotency = "idempotency";

    /// <summary>Integrations by environment and name.</summary>
    public const string Integrations = "integrations";

    /// <summary>Each job's runs newest first (Braze).</summary>
    public const string JobRuns = "jobruns";

    /// <summary>Fixed-window rate limits.</summary>
    public const string RateWindows = "ratewindows";

    /// <summary>Records by (environment, account, resource) and id.</summary>
    public const string Records = "records";

    /// <summary>Run error ledgers.</summary>
    public const string RunErrors = "runerrors";

    /// <summary>Each job+account's last completed run start.</summary>
    public const string RunLast = "runlast";

    /// <summary>Parent records a run's depends_on units read.</summary>
    public const string RunParents = "runparents";

    /// <summary>Progress rows of running units.</summary>
    public const string RunProgress = "runprogress";

    /// <summary>Runs.</summary>
    public const string Runs = "runs";

    /// <summary>One active run per job+account.</summary>
    public const string RunSlots = "runslots";

    /// <summary>Ids a full sync saw (delete tracking).</summary>
    public const string Seen = "seen";

    /// <summary>The self-test's storage round trip.</summary>
    public const string SelfTest = "selftest";

    /// <summary>Sync jobs.</summary>
    public const string SyncJobs = "syncjobs";

    /// <summary>Device sync sessions by key and slot.</summary>
    public const string SyncSessions = "syncsessions";

    /// <summary>Unified models by environment and name.</summary>
    public const string UnifiedModels = "unifiedmodels";

    /// <summary>Webhook targets.</summary>
    public const string Webhooks = "webhooks";
}
