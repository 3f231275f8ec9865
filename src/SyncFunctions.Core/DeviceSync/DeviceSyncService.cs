using System.Text.Json.Nodes;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Security;
using SyncFunctions.Core.Concurrency;

namespace SyncFunctions.Core.DeviceSync;

public sealed record SessionStarted(string Id, int Pages, int TotalCount);

public sealed record QueueItem(JsonObject Data, string Type, string EventType, string AckKey, long Revision);

public sealed record FailedObject(string Type, JsonNode Id);

public sealed record QueuePage(IReadOnlyList<QueueItem> Items, int CountLeft, IReadOnlyList<FailedObject> FailedObjects);

public sealed record AckReceipt(int Accepted, int Ignored);

/// <summary>
/// Base's sync protocol over the environment's change feeds (one per account and resource): start a session, read its
/// queue page by page, acknowledge what arrived. A device's state belongs to the API key that syncs it, and a key
/// restricted to accounts reads only their feeds. The keys and the cost of each step are described in DESIGN.md next
/// to this file: a start reads the feed directory (the key's accounts', or all) and each moved feed after the device's
/// watermark, a page reads the session's feeds from its position, an ack is checked without storage and queued.
/// </summary>
public sealed class DeviceSyncService(
    IRecordStore records,
    IDeviceStateStore devices,
    ISyncSessionStore sessions,
    IDeviceAckQueue ackQueue,
    AckKeyCodec ackKeys,
    RecordTypeNames typeNames,
    DeviceSyncOptions options,
    TimeProvider clock)
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";

    private const int StartAttempts = 3;
    private const int ReadConcurrency = 16;
    private const int FeedReadConcurrency = 8;

    /// <summary>A new session for the device as <paramref name="caller"/>'s key syncs it, or null when it has nothing to download (204).</summary>
    public async Task<SessionStarted?> StartAsync(Caller caller, string deviceUuid, CancellationToken ct)
    {
        var device = DeviceOf(caller, deviceUuid);
        var now = clock.GetUtcNow();
        var slots = await sessions.ListSlotsAsync(device.KeyId, ct).ConfigureAwait(false);
        if (FreeSlots(slots, now).Count == 0)
        {
            throw TooManySessions(slots, now);
        }

        for (var attempt = 1; ; attempt++)
        {
            var reading = records.ReadFeedHeadsAsync(device.EnvironmentId, caller.AccountIds, ct);
            var state = await devices.GetAsync(device, ct).ConfigureAwait(false);
            var heads = await reading.ConfigureAwait(false);

            // Feeds with revisions above the device's watermark; beyond the cap, the least recently synced come first.
            var moved = heads
                .Where(h => h.Head > state.Mark(h.Feed).AckedThrough)
                .OrderBy(h => state.Mark(h.Feed).Touched ?? DateTimeOffset.MinValue)
                .ThenBy(h => h.Feed)
                .Take(DeviceSyncOptions.MaxFeedsPerSession)
                .Select(h => h.Feed)
                .ToList();
            if (moved.Count == 0)
            {
                return null;
            }

            var (plans, acks) = await PlanAsync(device, state, moved, now, ct).ConfigureAwait(false);
            foreach (var head in heads.Where(h => plans.ContainsKey(h.Feed)))
            {
                plans[head.Feed] = PastDeadTail(plans[head.Feed], head, now);
            }

            // The served marks move before anything is served, so a concurrent start of the same device
            // (serialised by the marks' ETags) never skips a delete of a record this session may send.
            var next = new Dictionary<FeedId, FeedMark>();
            foreach (var feed in moved)
            {
                var mark = state.Mark(feed);
                var plan = plans[feed];
                var moving = mark with
                {
                    AckedThrough = plan.AckedThrough,
                    ServedThrough = plan.Pending > 0 ? Math.Max(mark.ServedThrough, plan.Head) : mark.ServedThrough,
                };
                if (!moving.SamePosition(mark))
                {
                    next[feed] = moving;
                }
            }

            if (next.Count > 0)
            {
                try
                {
                    await devices.SaveAsync(device, next, ct).ConfigureAwait(false);
                }
                catch (ConcurrencyException) when (attempt < StartAttempts)
                {
                    continue;
                }
                catch (ConcurrencyException)
                {
                    throw ApiException.Conflict(ErrorCodes.Conflict, "Another synchronization of this device started at the same moment; start again.");
                }
            }

            // Ack rows the watermarks have passed (including rows an ack applied after an earlier start moved past them).
            var forgettable = acks.Where(a => a.Revision <= (next.GetValueOrDefault(a.Feed) ?? state.Mark(a.Feed)).AckedThrough).ToList();
            if (forgettable.Count > 0)
            {
                await devices.DeleteAcksAsync(device, forgettable, ct).ConfigureAwait(false);
            }

            var feeds = moved
                .Where(f => plans[f].Pending > 0)
                .Order()
                .Select(f => new SessionFeed(f, plans[f].AckedThrough, plans[f].Head, state.Mark(f).ServedThrough))
                .ToList();
            if (feeds.Count == 0)
            {
                return null;
            }

            var pending = moved.Sum(f => plans[f].Pending);
            var session = await ClaimAsync(device, feeds, pending, slots, now, ct).ConfigureAwait(false);
            return new SessionStarted(session.Id, (pending + options.PageSize - 1) / options.PageSize, pending);
        }
    }

    /// <summary>The next page of the session's queue, or null once it is drained (204).</summary>
    public async Task<QueuePage?> NextPageAsync(Caller caller, string deviceUuid, string sessionId, CancellationToken ct)
    {
        var device = DeviceOf(caller, deviceUuid);
        var now = clock.GetUtcNow();
        var notFound = ApiException.NotFound("The synchronization session", "session_id");
        if (!SessionIds.TryGetSlot(sessionId, out var slot))
        {
            throw notFound;
        }

        var found = await sessions.GetAsync(device.KeyId, slot, ct).ConfigureAwait(false);
        if (found is not { } current
            || current.Session.Id != sessionId
            || current.Session.Device != device
            || current.Session.ExpiresAt <= now)
        {
            throw notFound;
        }

        var session = current.Session;
        if (session.Drained)
        {
            return null;
        }

        var (items, failed, index, position) = await AssembleAsync(session, ct).ConfigureAwait(false);
        var finished = index >= session.Feeds.Count;
        var drained = items.Count == 0 && failed.Count == 0 && finished;
        var served = session.Served + items.Count;
        try
        {
            await sessions.ReplaceAsync(
                session with { FeedIndex = index, Position = position, Served = served, Drained = drained, ExpiresAt = now + options.SessionIdleTimeout },
                current.ETag,
                ct).ConfigureAwait(false);
        }
        catch (ConcurrencyException)
        {
            throw new ApiException(ProblemKind.Conflict, DeviceSyncErrorCodes.SessionBusy, "The session is busy.", "Another request is reading this session's queue; read its pages one at a time.");
        }

        if (drained)
        {
            return null;
        }

        return new QueuePage(items, finished ? 0 : Math.Max(0, session.TotalCount - served), failed);
    }

    /// <summary>
    /// Checks the keys (no storage involved) and queues the valid ones for the device as <paramref name="caller"/>'s key
    /// syncs it; invalid keys, including keys issued to another API key, are counted, never fatal.
    /// </summary>
    public async Task<AckReceipt> AcknowledgeAsync(Caller caller, string deviceUuid, IReadOnlyList<string?> keys, CancellationToken ct)
    {
        var device = DeviceOf(caller, deviceUuid);
        var acks = new List<AckedRevision>();
        var ignored = 0;
        foreach (var key in keys)
        {
            if (ackKeys.TryDecode(device.EnvironmentId, device.KeyId, key, out var acked))
            {
                acks.Add(acked);
            }
            else
            {
                ignored++;
            }
        }

        foreach (var message in AckMessage.Split(device, acks))
        {
            await ackQueue.EnqueueAsync(message, ct).ConfigureAwait(false);
        }

        return new AckReceipt(keys.Count - ignored, ignored);
    }

    /// <summary>Entries worth reading the record for: the newest of their record in the chunk, not acknowledged, not a delete the device cannot need.</summary>
    internal static List<RecordChange> Candidates(IReadOnlyList<RecordChange> chunk, IReadOnlySet<long> acked, long previouslyServedThrough)
    {
        var newest = new Dictionary<RecordKey, long>();
        foreach (var change in chunk)
        {
            newest[RecordKey.Of(change)] = change.Revision;
        }

        return chunk
            .Where(c => newest[RecordKey.Of(c)] == c.Revision && !acked.Contains(c.Revision) && !SessionPlanner.NeverOnDevice(c, previouslyServedThrough))
            .ToList();
    }

    /// <summary>
    /// A hole at the end of a feed (revisions allocated, never written: the writer died) has no row after it to date it,
    /// so the planner cannot pass it; the counter row can. When the watermark passed every row read and the last
    /// allocation is older than <see cref="DeviceSyncOptions.FeedGapGrace"/>, the watermark moves to the head, so a dead
    /// tail does not make its feed look moved on every start (and take a place among a session's feeds) forever.
    /// </summary>
    private static SessionPlan PastDeadTail(SessionPlan plan, FeedHead head, DateTimeOffset now) =>
        plan.AckedThrough >= plan.Head && head.Head > plan.AckedThrough && head.AllocatedAt is { } allocated && now - allocated > DeviceSyncOptions.FeedGapGrace
            ? plan with { AckedThrough = head.Head, Head = head.Head }
            : plan;

    private static DeviceRef DeviceOf(Caller caller, string deviceUuid) =>
        new(caller.EnvironmentId ?? throw new InvalidOperationException("Device sync needs a key bound to an environment."), caller.KeyId, deviceUuid);

    /// <summary>Per moved feed, its entries after the device's watermark (one range read each) planned against the device's acks (one read for all).</summary>
    private async Task<(Dictionary<FeedId, SessionPlan> Plans, IReadOnlyList<FeedRevision> Acks)> PlanAsync(
        DeviceRef device, DeviceState state, IReadOnlyList<FeedId> moved, DateTimeOffset now, CancellationToken ct)
    {
        var acksRead = devices.ReadAcksAsync(device, ct);
        var changes = new System.Collections.Concurrent.ConcurrentDictionary<FeedId, List<RecordChange>>();
        await Parallel.ForEachAsync(moved, new ParallelOptions { MaxDegreeOfParallelism = FeedReadConcurrency, CancellationToken = ct }, async (feed, token) =>
        {
            var list = new List<RecordChange>();
            await foreach (var change in records.ReadChangesAsync(feed.In(device.EnvironmentId), state.Mark(feed).AckedThrough, token).ConfigureAwait(false))
            {
                list.Add(change);
            }

            changes[feed] = list;
        }).ConfigureAwait(false);
        var acks = await acksRead.ConfigureAwait(false);

        var byFeed = acks.ToLookup(a => a.Feed, a => a.Revision);
        var plans = new Dictionary<FeedId, SessionPlan>();
        foreach (var feed in moved)
        {
            var mark = state.Mark(feed);
            var acked = byFeed[feed].Where(r => r > mark.AckedThrough).ToHashSet();
            plans[feed] = SessionPlanner.Plan(mark, changes[feed], acked, now, DeviceSyncOptions.FeedGapGrace);
        }

        return (plans, acks);
    }

    private async Task<(List<QueueItem> Items, List<FailedObject> Failed, int FeedIndex, long Position)> AssembleAsync(SyncSession session, CancellationToken ct)
    {
        var items = new List<QueueItem>();
        var failed = new List<FailedObject>();
        var (index, position) = (session.FeedIndex, session.Position);
        var types = typeNames.For(session.EnvironmentId);
        while (items.Count < options.PageSize && index < session.Feeds.Count)
        {
            var feed = session.Feeds[index];
            if (position >= feed.Head)
            {
                (index, position) = Next(session, index);
                continue;
            }

            // Never more entries than items still wanted: the page ends exactly where its last entry was read.
            var scope = feed.Feed.In(session.EnvironmentId);
            var chunk = await records.ReadChangesAsync(scope, position, feed.Head, options.PageSize - items.Count, ct).ConfigureAwait(false);
            if (chunk.Count == 0)
            {
                position = feed.Head;
                continue;
            }

            var acked = await devices.ReadAcksAsync(session.Device, feed.Feed, position, chunk[^1].Revision, ct).ConfigureAwait(false);
            var fetched = await FetchAsync(scope, Candidates(chunk, acked, feed.PreviouslyServedThrough), ct).ConfigureAwait(false);
            foreach (var change in chunk)
            {
                position = change.Revision;
                if (!fetched.TryGetValue(change.Revision, out var outcome))
                {
                    continue;
                }

                var type = await types.ResolveAsync(change.AccountId, change.Resource, ct).ConfigureAwait(false);
                if (outcome.Failed)
                {
                    // Not acknowledged, so the watermark stays below it and the next session tries again.
                    failed.Add(new FailedObject(type, RecordIds.ToJson(change.Id)));
                }
                else if (outcome.Record is { } record && record.Revision == change.Revision)
                {
                    items.Add(Item(session, feed, change, record, type));
                }
            }
        }

        // A page that ends at a feed's head moves on, so the page that ends the last feed knows the session is finished.
        while (index < session.Feeds.Count && position >= session.Feeds[index].Head)
        {
            (index, position) = Next(session, index);
        }

        return (items, failed, index, position);
    }

    private static (int Index, long Position) Next(SyncSession session, int index) =>
        index + 1 < session.Feeds.Count ? (index + 1, session.Feeds[index + 1].From) : (session.Feeds.Count, 0);

    private async Task<Dictionary<long, (StoredRecord? Record, bool Failed)>> FetchAsync(RecordScope scope, List<RecordChange> candidates, CancellationToken ct)
    {
        try
        {
            // One feed's records, read together (a range where they sit close): the usual page costs a request or two.
            var found = await records.GetManyAsync(scope, candidates.Select(c => c.Id).ToList(), ct).ConfigureAwait(false);
            return candidates.ToDictionary(c => c.Revision, c => (found.GetValueOrDefault(c.Id), false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Read one by one, so only the records that cannot be read become failed_objects.
            return await FetchEachAsync(scope, candidates, ct).ConfigureAwait(false);
        }
    }

    private async Task<Dictionary<long, (StoredRecord? Record, bool Failed)>> FetchEachAsync(RecordScope scope, List<RecordChange> candidates, CancellationToken ct)
    {
        var results = new System.Collections.Concurrent.ConcurrentDictionary<long, (StoredRecord? Record, bool Failed)>();
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = ct }, async (change, token) =>
        {
            try
            {
                results[change.Revision] = (await records.GetAsync(scope, change.Id, token).ConfigureAwait(false), false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Base's failed_objects: the item belonged on this page but could not be read.
                results[change.Revision] = (null, true);
            }
        }).ConfigureAwait(false);
        return new Dictionary<long, (StoredRecord? Record, bool Failed)>(results);
    }

    private QueueItem Item(SyncSession session, SessionFeed feed, RecordChange change, StoredRecord record, string type)
    {
        var data = record.Deleted || record.Data is null ? new JsonObject { ["id"] = RecordIds.ToJson(record.Id) } : record.Data;
        var eventType = record.Deleted ? Deleted : record.FirstRevision > feed.PreviouslyServedThrough ? Created : Updated;
        var ackKey = ackKeys.Encode(session.EnvironmentId, session.KeyId, feed.Feed, change.Id, change.Revision);
        return new QueueItem(data, type, eventType, ackKey, change.Revision);
    }

    private async Task<SyncSession> ClaimAsync(
        DeviceRef device, IReadOnlyList<SessionFeed> feeds, int pending, IReadOnlyList<SessionSlot> slots, DateTimeOffset now, CancellationToken ct)
    {
        var keyId = device.KeyId;
        for (var round = 0; round < 2; round++)
        {
            if (round > 0)
            {
                slots = await sessions.ListSlotsAsync(keyId, ct).ConfigureAwait(false);
            }

            // In random order, so concurrent starts of one key rarely race for the same slot.
            var free = FreeSlots(slots, now).ToArray();
            Random.Shared.Shuffle(free);
            foreach (var (slot, etag) in free)
            {
                var session = new SyncSession(
                    SessionIds.New(slot), keyId, slot, device.EnvironmentId, device.DeviceUuid,
                    feeds, FeedIndex: 0, Position: feeds[0].From, TotalCount: pending, Served: 0, Drained: false,
                    CreatedAt: now, ExpiresAt: now + options.SessionIdleTimeout);
                if (await sessions.TryClaimAsync(session, etag, ct).ConfigureAwait(false))
                {
                    return session;
                }
            }
        }

        throw TooManySessions(slots, now);
    }

    private static List<(int Slot, string? ETag)> FreeSlots(IReadOnlyList<SessionSlot> slots, DateTimeOffset now)
    {
        var listed = slots.ToDictionary(s => s.Slot);
        var free = new List<(int, string?)>();
        for (var slot = 0; slot < DeviceSyncOptions.MaxSessionsPerKey; slot++)
        {
            if (!listed.TryGetValue(slot, out var occupant))
            {
                free.Add((slot, null));
            }
            else if (!occupant.IsActive(now))
            {
                free.Add((slot, occupant.ETag));
            }
        }

        return free;
    }

    private ApiException TooManySessions(IReadOnlyList<SessionSlot> slots, DateTimeOffset now)
    {
        var firstExpiry = slots.Where(s => s.IsActive(now)).Select(s => s.ExpiresAt).DefaultIfEmpty(now + options.SessionIdleTimeout).Min();
        var retryAfter = Math.Max(1, (int)Math.Ceiling((firstExpiry - now).TotalSeconds));
        return new ApiException(
            ProblemKind.TooManyRequests,
            DeviceSyncErrorCodes.TooManySessions,
            "Too many active synchronization sessions.",
            $"An API key may have at most {DeviceSyncOptions.MaxSessionsPerKey} active synchronization sessions. Read a session's queue until it answers 204, or wait until one has been idle for {options.SessionIdleTimeout.TotalMinutes:0.#} minutes.")
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
    }
}
