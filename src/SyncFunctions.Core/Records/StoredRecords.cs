using System.Text.Json.Nodes;

namespace SyncFunctions.Core.Records;

/// <summary>
/// Where a resource's records of one integrated account live; also the change feed they are written to
/// (feeds are per account and resource, so writers of different accounts never share a counter or a partition).
/// </summary>
public sealed record RecordScope(string EnvironmentId, string AccountId, string Resource)
{
    public FeedId Feed => new(AccountId, Resource);
}

/// <summary>A record as fetched: its content hash decides whether anything is written.</summary>
public sealed record IncomingRecord(string Id, string ContentHash, JsonObject? Data, DateTimeOffset? UpdatedAt, bool Deleted);

public sealed record StoredRecord(
    string Id,
    JsonObject? Data,
    string ContentHash,
    long Revision,
    DateTimeOffset? UpdatedAt,
    bool Deleted,
    DateTimeOffset SyncedAt,
    string RunId)
{
    /// <summary>The record's first live revision; 0 when unknown (written before it was tracked).</summary>
    public long FirstRevision { get; init; }
}

/// <summary>What one persist did. Unchanged records were not written at all.</summary>
public sealed record PersistOutcome(int Created, int Updated, int Deleted, int Unchanged, IReadOnlyList<RejectedRecord> Rejected, DateTimeOffset? MaxUpdatedAt)
{
    public int Written => Created + Updated + Deleted;
}

public sealed record RejectedRecord(string Id, string Reason);

/// <summary>
/// One entry of the change feed: a record was written at <see cref="Revision"/>. A record written
/// again has a newer entry; the older one stays, so readers compare with the record's revision.
/// </summary>
public sealed record RecordChange(long Revision, string AccountId, string Resource, string Id, bool Deleted)
{
    /// <summary>The record's first live revision; 0 when unknown (written before it was tracked).</summary>
    public long FirstRevision { get; init; }

    /// <summary>When the hub wrote this revision (the writer's clock); null for entries written before it was tracked.</summary>
    public DateTimeOffset? SyncedAt { get; init; }
}

public sealed record ChangeFilter(string AccountId, string Resource, DateTimeOffset? SyncedAfter);

/// <summary>A change feed within an environment: one integrated account's records of one resource. Ordered by account, then resource (ordinal).</summary>
public readonly record struct FeedId(string AccountId, string Resource) : IComparable<FeedId>
{
    public RecordScope In(string environmentId) => new(environmentId, AccountId, Resource);

    public int CompareTo(FeedId other)
    {
        var byAccount = string.CompareOrdinal(AccountId, other.AccountId);
        return byAccount != 0 ? byAccount : string.CompareOrdinal(Resource, other.Resource);
    }
}

/// <summary>
/// A feed and its head: the last revision its counter handed out (written or not yet), and when it was handed out
/// (the store's clock; null when unknown). Every revision up to the head was allocated by then, so once that is longer
/// ago than any write may take, a revision still missing from the feed will never be written.
/// </summary>
public sealed record FeedHead(FeedId Feed, long Head, DateTimeOffset? AllocatedAt = null);
