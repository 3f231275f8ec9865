namespace SyncFunctions.DemoUpstream;

/// <summary>Resource names as they appear in URLs and in <see cref="DemoDataSet"/> calls.</summary>
public static class DemoResources
{
    public const string Users = "users";
    public const string Contacts = "contacts";
    public const string Deals = "deals";
    public const string Notes = "notes";

    public static IReadOnlyList<string> All { get; } = [Users, Contacts, Deals, Notes];

    internal static bool TryNormalize(string? name, out string resource)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                resource = candidate;
                return true;
            }
        }
        resource = "";
        return false;
    }

    internal static string Normalize(string name) =>
        TryNormalize(name, out var resource) ? resource : throw new ArgumentException($"Unknown resource '{name}'", nameof(name));
}
