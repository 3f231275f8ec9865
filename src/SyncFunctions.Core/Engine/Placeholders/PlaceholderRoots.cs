namespace SyncFunctions.Core.Engine.Placeholders;

/// <summary>What a placeholder can start with.</summary>
public static class PlaceholderRoots
{
    /// <summary><c>{{args.x…}}</c>: the run's args (in a loop_on unit, the loop argument is the current element).</summary>
    public const string Args = "args";

    /// <summary><c>{{resources.crm.contacts.id}}</c>: a field of the parent record (the resource name with dots for slashes).</summary>
    public const string Resources = "resources";

    /// <summary><c>{{account.subdomain}}</c>: a variable of the integrated account.</summary>
    public const string Account = "account";

    /// <summary><c>{{previous_run_date}}</c>: start of the last successful run, ISO 8601 UTC with milliseconds.</summary>
    public const string PreviousRunDate = "previous_run_date";

    /// <summary><c>{{id}}</c>: the sync job resource entry's id (after its own placeholders are rendered).</summary>
    public const string Id = "id";

    public static IReadOnlyList<string> All { get; } = [Args, Resources, Account, PreviousRunDate, Id];
}
