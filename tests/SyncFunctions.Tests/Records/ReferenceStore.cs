using SyncFunctions.Core.Records;
using SyncFunctions.Storage.Tables;

namespace SyncFunctions.Tests.Records;

/// <summary>
/// Change detection as it was specified before range reads, in memory: what a page must count, and
/// which of its records must be written, given everything persisted before.
/// </summary>
internal sealed class ReferenceStore
{
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Row> Rows => _rows;

    /// <summary>The expected outcome, and per written id whether it is a delete and its first revision (null: its own).</summary>
    public (PersistOutcome Outcome, IReadOnlyDictionary<string, (bool Deleted, long? FirstRevision)> Writes) Expect(IReadOnlyList<IncomingRecord> page)
    {
        var rejected = new List<RejectedRecord>();
        var latest = new Dictionary<string, IncomingRecord>(StringComparer.Ordinal);
        foreach (var record in page)
        {
            if (TooLong(record.Id))
            {
                rejected.Add(new RejectedRecord(record.Id, "id_too_long"));
            }
            else
            {
                latest[record.Id] = record;
            }
        }

        int created = 0, updated = 0, deleted = 0, unchanged = 0;
        var writes = new Dictionary<string, (bool, long?)>(StringComparer.Ordinal);
        foreach (var record in latest.Values)
        {
            if (!_rows.TryGetValue(record.Id, out var before))
            {
                if (record.Deleted)
                {
                    unchanged++;
                    continue;
                }

                created++;
            }
            else if (before.Hash == record.ContentHash && before.Deleted == record.Deleted)
            {
                unchanged++;
                continue;
            }
            else if (record.Deleted)
            {
                if (before.Deleted)
                {
                    unchanged++;
                    continue;
                }

                deleted++;
            }
            else
            {
                updated++;
            }

            writes[record.Id] = (record.Deleted, before?.FirstRevision);
        }

        return (new PersistOutcome(created, updated, deleted, unchanged, rejected, null), writes);
    }

    public void Apply(IncomingRecord record, long revision, long firstRevision) =>
        _rows[record.Id] = new Row(record.ContentHash, record.Deleted, revision, firstRevision);

    // Today's rule on the key's length, with the one deliberate change: an id starting with '!' takes
    // one more character (RecordKeys), so such an id whose old key was exactly 512 long no longer fits.
    private static bool TooLong(string id) =>
        TableKeyEncoding.Encode(id).Length + (id.StartsWith('!') ? 1 : 0) > TableKeys.MaxLength;

    internal sealed record Row(string Hash, bool Deleted, long Revision, long FirstRevision);
}
