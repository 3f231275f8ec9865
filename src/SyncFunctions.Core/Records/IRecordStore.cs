using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Records;

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
