namespace SyncFunctions.Storage.Tables;

/// <summary>Rules for PartitionKey/RowKey values, so user-supplied ids never reach the service malformed.</summary>
public static class TableKeys
{
    /// <summary>
    /// Table Storage takes keys of up to 1 KiB, and counts UTF-16: 512 characters. The one key-length limit of the hub,
    /// for ids from URLs and encoded upstream ids alike.
    /// </summary>
    public const int MaxLength = 512;

    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key)
        && key.Length <= MaxLength
        && !key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}
