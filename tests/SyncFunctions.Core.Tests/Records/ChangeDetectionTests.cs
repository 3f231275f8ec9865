using SyncFunctions.Core.Records;

namespace SyncFunctions.Core.Tests.Records;

public sealed class ChangeDetectionTests
{
    private static IncomingRecord Incoming(string hash, bool deleted = false) => new("1", hash, deleted ? null : new System.Text.Json.Nodes.JsonObject(), null, deleted);

    public static TheoryData<string, bool, string?, bool?, RecordVerdict> Cases() => new()
    {
        // incoming hash, incoming deleted, stored hash (null: not stored), stored deleted, verdict
        { "a", false, null, null, RecordVerdict.Created },
        { "a", true, null, null, RecordVerdict.Unchanged },         // a delete marker for a record never stored
        { "a", false, "a", false, RecordVerdict.Unchanged },
        { "b", false, "a", false, RecordVerdict.Updated },
        { "a", true, "a", false, RecordVerdict.Deleted },
        { "", true, "a", false, RecordVerdict.Deleted },
        { "b", true, "a", true, RecordVerdict.Unchanged },          // a tombstone again
        { "a", false, "a", true, RecordVerdict.Updated },           // back from the dead, same content
        { "b", false, "a", true, RecordVerdict.Updated },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_incoming_record_is_judged_against_its_stored_state(string hash, bool deleted, string? storedHash, bool? storedDeleted, RecordVerdict expected)
    {
        var stored = storedDeleted is { } d ? new StoredRecordState(storedHash, d) : (StoredRecordState?)null;

        Assert.Equal(expected, ChangeDetection.Decide(Incoming(hash, deleted), stored));
    }
}
