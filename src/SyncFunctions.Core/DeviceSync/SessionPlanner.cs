using SyncFunctions.Core.Records;

namespace SyncFunctions.Core.DeviceSync;

/// <summary>What a session start found on one feed: the work queued for the device and how far its watermark may move.</summary>
/// <param name="Pending">Feed entries the device still needs (its share of the session's <c>total_count</c>).</param>
/// <param name="Head">The newest revision read: the session serves (watermark, head] of this feed.</param>
/// <param name="AckedThrough">The new watermark: every entry at or below it needs nothing more.</param>
/// <param name="ForgettableAcks">Acknowledgement rows at or below the new watermark, no longer needed.</param>
public sealed record SessionPlan(int Pending, long Head, long AckedThrough, IReadOnlyList<long> ForgettableAcks);

/// <summary>
/// Decides, from one feed's entries after a device's watermark and the device's acknowledgements of that feed,
/// which entries it still needs. An entry needs nothing when a newer entry of the same record was
/// read (only the freshest version is sent), when the device acknowledged that very revision (an
/// ack of an older revision does not cover a newer one), or when it is a delete of a record first
/// written after everything the device was ever served (the device cannot have it).
/// The watermark moves over the leading run of such entries, but never over a hole in the feed
/// younger than <see cref="DeviceSyncOptions.FeedGapGrace"/>: a writer may still fill it.
/// </summary>
public static class SessionPlanner
{
    public static SessionPlan Plan(
        FeedMark mark,
        IReadOnlyList<RecordChange> changes,
        IReadOnlySet<long> acked,
        DateTimeOffset now,
        TimeSpan gapGrace)
    {
        var newest = new Dictionary<RecordKey, long>();
        foreach (var change in changes)
        {
            newest[RecordKey.Of(change)] = change.Revision;
        }

        var pending = 0;
        var head = mark.AckedThrough;
        var watermark = mark.AckedThrough;
        var movable = true;
        foreach (var change in changes)
        {
            head = Math.Max(head, change.Revision);
            var done = newest[RecordKey.Of(change)] != change.Revision
                || acked.Contains(change.Revision)
                || NeverOnDevice(change, mark.ServedThrough);
            if (!done)
            {
                pending++;
            }

            if (movable)
            {
                var contiguous = change.Revision == watermark + 1
                    || (change.SyncedAt is { } written && now - written > gapGrace);
                if (contiguous && done)
                {
                    watermark = change.Revision;
                }
                else
                {
                    movable = false;
                }
            }
        }

        return new SessionPlan(pending, head, watermark, acked.Where(r => r <= watermark).Order().ToList());
    }

    /// <summary>A delete of a record whose first live revision is above everything the device was served.</summary>
    public static bool NeverOnDevice(RecordChange change, long servedThrough) =>
        change.Deleted && change.FirstRevision > servedThrough;
}

/// <summary>A record's identity within an environment.</summary>
public readonly record struct RecordKey(string AccountId, string Resource, string Id)
{
    public static RecordKey Of(RecordChange change) => new(change.AccountId, change.Resource, change.Id);
}
