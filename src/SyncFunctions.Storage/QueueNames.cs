namespace SyncFunctions.Storage;

/// <summary>Queue names share the table prefix; queues allow lowercase letters, digits and hyphens only.</summary>
public static class QueueNames
{
    public static string For(string prefix, string name) => $"{prefix.ToLowerInvariant()}-{name}";
}
