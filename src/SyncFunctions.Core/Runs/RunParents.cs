using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SyncFunctions.Core.Runs;

/// <summary>A record of a parent entry, kept for the run so its children can read it in their placeholders.</summary>
/// <param name="Key">Its key within the entry (<see cref="RunParentKeys.For"/>).</param>
/// <param name="ParentKey">The key of the record of the entry's own parent it was fetched under; null for a root entry.</param>
public sealed record ParentRecord(string Key, JsonObject Data, string? ParentKey);

/// <summary>One page of an entry's parent keys, in key order; <see cref="After"/> null at the end.</summary>
public sealed record ParentKeyPage(IReadOnlyList<string> Keys, string? After);

public static class RunParentKeys
{
    /// <summary>
    /// Fixed-length, table-key safe and deterministic: the same record fetched under the same parent in the same
    /// unit always gets the same key, so a retried page overwrites instead of duplicating a child unit.
    /// </summary>
    public static string For(int unitIndex, string? parentKey, string recordId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes((parentKey ?? "") + "\n" + recordId));
        return $"{unitIndex:D6}-{Convert.ToHexStringLower(hash, 0, 12)}";
    }
}

/// <summary>The orchestrator's request for the next keys of a parent entry.</summary>
public sealed record ParentKeysRequest(string EnvironmentId, string RunId, int EntryIndex, string? After, int Limit);
