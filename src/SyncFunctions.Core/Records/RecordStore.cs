using System.Text.Json.Nodes;
using SyncFunctions.Core.Paging;

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
/// Stored records with change detection and revisions. Every write (create, update, tombstone)
/// takes a new revision from its feed's counter (one per account and resource) that only grows, and
/// appends an entry to that feed, ordered by revision; device sync and <c>GET records</c> read feeds
/// from a position instead of scanning the store. Revisions are unique within a feed, not across feeds.
/// </summary>
public interface IRecordStore
{
    /// <param name="beforeWrite">
    /// Runs alongside the read of the stored state and must succeed before anything is written: a fence (the page's run
    /// must still be active) that costs no round trip of its own.
    /// </param>
    Task<PersistOutcome> PersistAsync(RecordScope scope, string runId, IReadOnlyList<IncomingRecord> records, CancellationToken ct, Func<CancellationToken, Task>? beforeWrite = null);

    /// <summary>Remembers ids seen by a full sync, for <see cref="TombstoneUnseenAsync"/>.</summary>
    Task MarkSeenAsync(RecordScope scope, string runId, IReadOnlyList<string> ids, CancellationToken ct);

    /// <summary>Delete tracking: live records of the scope that run <paramref name="runId"/> did not see become tombstones.</summary>
    Task<int> TombstoneUnseenAsync(RecordScope scope, string runId, CancellationToken ct);

    Task<StoredRecord?> GetAsync(RecordScope scope, string id, CancellationToken ct);

    /// <summary>
    /// The stored records of <paramref name="ids"/> (by id; an id not stored is absent), in a number of requests that
    /// does not grow with the store: a range read where the ids sit close together (the usual case: a page of the feed
    /// written in upstream order), point reads where they are scattered.
    /// </summary>
    Task<IReadOnlyDictionary<string, StoredRecord>> GetManyAsync(RecordScope scope, IReadOnlyCollection<string> ids, CancellationToken ct);

    IAsyncEnumerable<StoredRecord> ReadAllAsync(RecordScope scope, CancellationToken ct);

    /// <summary>
    /// The feed directory: every feed of the environment (of <paramref name="accountIds"/> only, when given) with its head,
    /// the last revision its counter handed out. Costs one request per account given, or one range read over the
    /// environment's feeds (proportional to their number) when <paramref name="accountIds"/> is null.
    /// </summary>
    Task<IReadOnlyList<FeedHead>> ReadFeedHeadsAsync(string environmentId, IReadOnlySet<string>? accountIds, CancellationToken ct);

    /// <summary>The change feed of one account's resource after <paramref name="afterRevision"/>, oldest first.</summary>
    IAsyncEnumerable<RecordChange> ReadChangesAsync(RecordScope feed, long afterRevision, CancellationToken ct);

    /// <summary>At most <paramref name="max"/> entries of one feed in (<paramref name="afterRevision"/>, <paramref name="throughRevision"/>], oldest first.</summary>
    Task<IReadOnlyList<RecordChange>> ReadChangesAsync(RecordScope feed, long afterRevision, long throughRevision, int max, CancellationToken ct);

    /// <summary>
    /// One page of one account's resource feed (narrowed to entries synced after a time), in revision order: a read
    /// of that feed's partition only. The continuation is the store's own. A page may hold fewer than
    /// <paramref name="limit"/> entries and still have a continuation.
    /// </summary>
    Task<StorePage<RecordChange>> ReadChangePageAsync(string environmentId, ChangeFilter filter, int limit, string? continuation, CancellationToken ct);
}

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
