using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Records;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Every table the hub keeps, and its keys: the one place that says what a table's partitions and rows are. Each
/// table is prefixed per hub by <see cref="TableStore"/>. Ids the hub hands out or validates (<see cref="TableKeys.IsValid"/>)
/// are keys as they are; every key of several parts is <see cref="Join"/>ed, each part made key-safe with
/// <see cref="TableKeyEncoding"/> and its '|' escaped, so no account id or resource name such as <c>crm/contacts</c>
/// can forge a separator and a prefix of parts selects exactly its own rows. No key is longer than
/// <see cref="TableKeys.MaxLength"/>.
/// </summary>
public static class TableLayout
{
    public const char Separator = '|';

    public static string Segment(string value) => TableKeyEncoding.Encode(value).Replace("|", "%7C", StringComparison.Ordinal);

    public static string Unsegment(string segment) => TableKeyEncoding.Decode(segment);

    public static string Join(params string[] values) => string.Join(Separator, values.Select(Segment));

    /// <summary>One account's resource: the partition of its records and of its change feed.</summary>
    public static string Feed(RecordScope feed) => Join(feed.EnvironmentId, feed.AccountId, feed.Resource);

    /// <summary>A revision as a RowKey that sorts like the number.</summary>
    public static string Revision(long revision) => revision.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The [low, high) PartitionKey range of every partition that starts with <paramref name="prefix"/> and a separator.</summary>
    public static (string Low, string High) Under(string prefix) => (prefix + Separator, prefix + (char)(Separator + 1));

    /// <summary>Integrated accounts. Partition: environment id; row: account id.</summary>
    public static class Accounts
    {
        public const string Name = "accounts";
    }

    /// <summary>Active runs the poller watches. Partition: environment id; row: run id.</summary>
    public static class ActiveRuns
    {
        public const string Name = "activeruns";
    }

    /// <summary>API keys by token hash. Partition: the key's token hash; row: <c>key</c>.</summary>
    public static class ApiKeys
    {
        public const string Name = "apikeys";

        public const string Row = "key";
    }

    /// <summary>Change feeds by (environment, account, resource) and revision. Partition: <see cref="Feed"/>: (environment, account, resource); row: <see cref="Revision"/>.</summary>
    public static class Changes
    {
        public const string Name = "changes";

        public static string Partition(RecordScope feed) => Feed(feed);

        public static string Row(long revision) => Revision(revision);
    }

    /// <summary>ActiveCampaign connection states. Partition: environment id; row: account id.</summary>
    public static class Connections
    {
        public const string Name = "connections";
    }

    /// <summary>Revision counters, one per feed (the feed directory). Partition: (environment, account); row: the resource (<see cref="Segment"/>).</summary>
    public static class Counters
    {
        public const string Name = "counters";

        public static string Partition(string environmentId, string accountId) => Join(environmentId, accountId);

        public static string Row(string resource) => Segment(resource);

        /// <summary>Every account's counters of an environment: a [low, high) PartitionKey range.</summary>
        public static (string Low, string High) Environment(string environmentId) => Under(Segment(environmentId));
    }

    /// <summary>Cron triggers. Partition: environment id; row: trigger id.</summary>
    public static class CronTriggers
    {
        public const string Name = "crontriggers";
    }

    /// <summary>Device acks per feed and revision. Partition: <see cref="Devices.Partition"/>; row: (account, resource, <see cref="Revision"/>).</summary>
    public static class DeviceAcks
    {
        public const string Name = "deviceacks";

        public static string Partition(DeviceRef device) => Devices.Partition(device);

        public static string Row(FeedId feed, long revision) => Devices.Row(feed) + Separator + Revision(revision);
    }

    /// <summary>Device marks per (environment, key, device) and feed. Partition: (environment, API key id, device UUID); row: (account, resource): one row per feed.</summary>
    public static class Devices
    {
        public const string Name = "devices";

        public static string Partition(DeviceRef device) => Join(device.EnvironmentId, device.KeyId, device.DeviceUuid);

        public static string Row(FeedId feed) => Join(feed.AccountId, feed.Resource);

        public static FeedId ParseRow(string key)
        {
            var parts = key.Split(Separator);
            return parts.Length >= 2 ? new FeedId(Unsegment(parts[0]), Unsegment(parts[1])) : throw new FormatException($"Not a feed key: {key}");
        }
    }

    /// <summary>Environments (one partition). Partition: <c>environment</c>; row: environment id.</summary>
    public static class Environments
    {
        public const string Name = "environments";

        public const string Partition = "environment";
    }

    /// <summary>Idempotency-Key reservations. Partition: environment id; row: SHA-256 of the Idempotency-Key.</summary>
    public static class Idempotency
    {
        public const string Name = "idempotency";

        public static string Row(string idempotencyKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
    }

    /// <summary>Integrations by environment and name. Partition: environment id; row: integration name.</summary>
    public static class Integrations
    {
        public const string Name = "integrations";
    }

    /// <summary>Each job's runs newest first (Braze). Partition: (environment, sync job); row: the run's position, newest first.</summary>
    public static class JobRuns
    {
        public const string Name = "jobruns";

        public static string Partition(string environmentId, string syncJobId) => Join(environmentId, syncJobId);
    }

    /// <summary>Fixed-window rate limits. Partition: the bucket; row: the bucket.</summary>
    public static class RateWindows
    {
        public const string Name = "ratewindows";

        public static string Key(string bucket) => TableKeyEncoding.Encode(bucket);
    }

    /// <summary>Records by (environment, account, resource) and id. Partition: <see cref="Feed"/>: (environment, account, resource); row: <see cref="RecordKeys.Encode"/> of the record id.</summary>
    public static class Records
    {
        public const string Name = "records";

        public static string Partition(RecordScope scope) => Feed(scope);

        public static string Row(string recordId) => RecordKeys.Encode(recordId);
    }

    /// <summary>Run error ledgers. Partition: (environment, run); row: the entry's deterministic key.</summary>
    public static class RunErrors
    {
        public const string Name = "runerrors";

        public static string Partition(string environmentId, string runId) => Join(environmentId, runId);

        public static string Row(string entryKey) => TableKeyEncoding.Encode(entryKey);
    }

    /// <summary>Each job+account's last completed run start. Partition: environment id; row: (sync job, account).</summary>
    public static class RunLast
    {
        public const string Name = "runlast";

        public static string Row(string syncJobId, string accountId) => Join(syncJobId, accountId);
    }

    /// <summary>Parent records a run's depends_on units read. Partition: (environment, run, entry index); row: the parent record's key.</summary>
    public static class RunParents
    {
        public const string Name = "runparents";

        public static string Partition(string environmentId, string runId, int entryIndex) =>
            Join(environmentId, runId, entryIndex.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Progress rows of running units. Partition: (environment, run); row: the unit's key.</summary>
    public static class RunProgress
    {
        public const string Name = "runprogress";

        public static string Partition(string environmentId, string runId) => Join(environmentId, runId);

        public static string Row(string unitKey) => TableKeyEncoding.Encode(unitKey);
    }

    /// <summary>Runs. Partition: environment id; row: run id.</summary>
    public static class Runs
    {
        public const string Name = "runs";
    }

    /// <summary>One active run per job+account. Partition: environment id; row: (sync job, account).</summary>
    public static class RunSlots
    {
        public const string Name = "runslots";

        public static string Row(string syncJobId, string accountId) => Join(syncJobId, accountId);
    }

    /// <summary>Ids a full sync saw (delete tracking). Partition: (run, environment, account, resource); row: <see cref="Records.Row"/>.</summary>
    public static class Seen
    {
        public const string Name = "seen";

        public static string Partition(string runId, RecordScope scope) => Join(runId, scope.EnvironmentId, scope.AccountId, scope.Resource);
    }

    /// <summary>The self-test's storage round trip. Partition: the probe id; row: <c>probe</c>.</summary>
    public static class SelfTest
    {
        public const string Name = "selftest";
    }

    /// <summary>Sync jobs. Partition: environment id; row: sync job id.</summary>
    public static class SyncJobs
    {
        public const string Name = "syncjobs";
    }

    /// <summary>Device sync sessions by key and slot. Partition: API key id; row: the session slot, two digits.</summary>
    public static class SyncSessions
    {
        public const string Name = "syncsessions";

        public static string Row(int slot) => slot.ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>Unified models by environment and name. Partition: environment id; row: model name.</summary>
    public static class UnifiedModels
    {
        public const string Name = "unifiedmodels";
    }

    /// <summary>Webhook targets. Partition: environment id; row: webhook id.</summary>
    public static class Webhooks
    {
        public const string Name = "webhooks";
    }
}
