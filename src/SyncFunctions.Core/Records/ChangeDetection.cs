namespace SyncFunctions.Core.Records;

/// <summary>What change detection needs of a stored record: its content hash and whether it is a tombstone.</summary>
public readonly record struct StoredRecordState(string? Hash, bool Deleted);

/// <summary>What an incoming record does to the store.</summary>
public enum RecordVerdict
{
    /// <summary>Nothing to write: the same content, a tombstone again, or a delete marker for a record never stored.</summary>
    Unchanged,
    Created,
    Updated,
    Deleted,
}

/// <summary>
/// The rule that decides, per record, whether a page writes anything: an incoming record's content hash against the
/// stored state (read by the record store in one range read per page). Only what is not <see cref="RecordVerdict.Unchanged"/>
/// takes a revision and a feed entry, so repeated pages (retries, overlaps, full syncs) cost reads only.
/// </summary>
public static class ChangeDetection
{
    /// <param name="stored">The stored state; null when the record was never stored.</param>
    public static RecordVerdict Decide(IncomingRecord record, StoredRecordState? stored) => stored switch
    {
        null => record.Deleted ? RecordVerdict.Unchanged : RecordVerdict.Created,
        { } before when before.Hash == record.ContentHash && before.Deleted == record.Deleted => RecordVerdict.Unchanged,
        { Deleted: true } when record.Deleted => RecordVerdict.Unchanged,
        _ => record.Deleted ? RecordVerdict.Deleted : RecordVerdict.Updated,
    };
}
