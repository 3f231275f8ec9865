namespace SyncFunctions.Storage.Tables;

/// <summary>Rules for PartitionKey/RowKey values, so user-supplied ids never reach the service malformed.</summary>
public static class TableKeys
{
    public const int MaxLength = 1024;

    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key)
        && key.Length <= MaxLength
        && !key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}
