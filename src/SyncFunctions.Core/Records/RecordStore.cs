using System.Text.Json.Nodes;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Records;

/// <summary>Where a resource's records of one integrated account live.</summary>
public sealed record RecordScope(string EnvironmentId, string AccountId, string Resource);

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
/// takes a new revision from a per-environment counter that only grows, and appends an entry to the
/// environment's change feed, ordered by revision; device sync reads that feed from a device's
/// position instead of scanning the store.
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

    IAsyncEnumerable<StoredRecord> ReadAllAsync(RecordScope scope, CancellationToken ct);

    /// <summary>The change feed of an environment after <paramref name="afterRevision"/>, oldest first.</summary>
    IAsyncEnumerable<RecordChange> ReadChangesAsync(string environmentId, long afterRevision, CancellationToken ct);

    /// <summary>At most <paramref name="max"/> feed entries in (<paramref name="afterRevision"/>, <paramref name="throughRevision"/>], oldest first.</summary>
    Task<IReadOnlyList<RecordChange>> ReadChangesAsync(string environmentId, long afterRevision, long throughRevision, int max, CancellationToken ct);

    /// <summary>
    /// One page of the feed narrowed to one account's resource (and to entries synced after a time),
    /// in revision order; the continuation is the store's own. A page may hold fewer than
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
