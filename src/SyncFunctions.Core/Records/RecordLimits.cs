namespace SyncFunctions.Core.Records;

/// <summary>The one record-size limit of the hub: checked where records are read from upstreams, mapped and stored.</summary>
public static class RecordLimits
{
    /// <summary>
    /// 400 KiB of UTF-8 JSON. A record is stored whole in one table entity (1 MiB at most, text as UTF-16): as
    /// characters never outnumber UTF-8 bytes, the stored text stays under 800 KiB, with room for keys and bookkeeping.
    /// </summary>
    public const int MaxRecordBytes = 400 * 1024;
}
