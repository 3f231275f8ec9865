namespace SyncFunctions.Core.Security;

/// <summary>What an API key may do. Every endpoint names exactly one scope (or is anonymous).</summary>
public static class Scopes
{
    public const string Integrations = "integrations";
    public const string SyncJobs = "sync_jobs";
    public const string Runs = "runs";
    public const string Status = "status";
    public const string Sync = "sync";
    public const string Records = "records";
    public const string Webhooks = "webhooks";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Integrations, SyncJobs, Runs, Status, Sync, Records, Webhooks, Admin];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
