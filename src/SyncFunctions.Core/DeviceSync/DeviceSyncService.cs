using System.Text.Json.Nodes;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Records;

namespace SyncFunctions.Core.DeviceSync;

public sealed record SessionStarted(string Id, int Pages, int TotalCount);

public sealed record QueueItem(JsonObject Data, string Type, string EventType, string AckKey, long Revision);

public sealed record FailedObject(string Type, JsonNode Id);

public sealed record QueuePage(IReadOnlyList<QueueItem> Items, int CountLeft, IReadOnlyList<FailedObject> FailedObjects);

public sealed record AckReceipt(int Accepted, int Ignored);

/// <summary>
/// Base's sync protocol over the environment's change feed: start a session, read its queue page by
/// page, acknowledge what arrived. The keys and the cost of each step are described in DESIGN.md
/// next to this file: a start reads the feed after the device's watermark, a page reads the feed
/// from the session's position, an ack is checked without storage and queued.
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

    /// <summary>A new session for the device, or null when it has nothing to download (204).</summary>
    public async Task<SessionStarted?> StartAsync(string environmentId, string keyId, string deviceUuid, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var slots = await sessions.ListSlotsAsync(keyId, ct).ConfigureAwait(false);
        if (FreeSlots(slots, now).Count == 0)
        {
            throw TooManySessions(slots, now);
        }

        for (var attempt = 1; ; attempt++)
        {
            var device = await devices.GetAsync(environmentId, deviceUuid, ct).ConfigureAwait(false);
            var changes = new List<RecordChange>();
            await foreach (var change in records.ReadChangesAsync(environmentId, device.AckedThrough, ct).ConfigureAwait(false))
            {
                changes.Add(change);
            }

            var acked = await devices.ReadAcksAsync(environmentId, deviceUuid, device.AckedThrough, null, ct).ConfigureAwait(false);
            var plan = SessionPlanner.Plan(device, changes, acked, now, DeviceSyncOptions.FeedGapGrace);

            // The served mark moves before anything is served, so a concurrent start of the same device
            // (serialised by the state's ETag) never skips a delete of a record this session may send.
            var next = device with
            {
                AckedThrough = plan.AckedThrough,
                ServedThrough = plan.Pending > 0 ? Math.Max(device.ServedThrough, plan.Head) : device.ServedThrough,
            };
            if (next != device)
            {
                try
                {
                    await devices.SaveAsync(next, ct).ConfigureAwait(false);
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

            if (plan.ForgettableAcks.Count > 0)
            {
                await devices.DeleteAcksAsync(environmentId, deviceUuid, plan.ForgettableAcks, ct).ConfigureAwait(false);
            }

            if (plan.Pending == 0)
            {
                return null;
            }

            var session = await ClaimAsync(keyId, environmentId, deviceUuid, device, plan, slots, now, ct).ConfigureAwait(false);
            return new SessionStarted(session.Id, (plan.Pending + options.PageSize - 1) / options.PageSize, plan.Pending);
        }
    }

    /// <summary>The next page of the session's queue, or null once it is drained (204).</summary>
    public async Task<QueuePage?> NextPageAsync(string environmentId, string keyId, string deviceUuid, string sessionId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var notFound = ApiException.NotFound("The synchronization session", "session_id");
        if (!SessionIds.TryGetSlot(sessionId, out var slot))
        {
            throw notFound;
        }

        var found = await sessions.GetAsync(keyId, slot, ct).ConfigureAwait(false);
        if (found is not { } current
            || current.Session.Id != sessionId
            || current.Session.EnvironmentId != environmentId
            || current.Session.DeviceUuid != deviceUuid
            || current.Session.ExpiresAt <= now)
        {
            throw notFound;
        }

        var session = current.Session;
        if (session.Drained)
        {
            return null;
        }

        var (items, failed, position) = await AssembleAsync(session, ct).ConfigureAwait(false);
        var drained = items.Count == 0 && failed.Count == 0 && position >= session.Head;
        var served = session.Served + items.Count;
        try
        {
            await sessions.ReplaceAsync(
                session with { Position = position, Served = served, Drained = drained, ExpiresAt = now + options.SessionIdleTimeout },
                current.ETag,
                ct).ConfigureAwait(false);
        }
        catch (ConcurrencyException)
        {
            throw new ApiException(409, DeviceSyncErrorCodes.SessionBusy, "The session is busy.", "Another request is reading this session's queue; read its pages one at a time.");
        }

        if (drained)
        {
            return null;
        }

        return new QueuePage(items, position >= session.Head ? 0 : Math.Max(0, session.TotalCount - served), failed);
    }

    /// <summary>Checks the keys (no storage involved) and queues the valid ones; invalid keys are counted, never fatal.</summary>
    public async Task<AckReceipt> AcknowledgeAsync(string environmentId, string deviceUuid, IReadOnlyList<string?> keys, CancellationToken ct)
    {
        var revisions = new SortedSet<long>();
        var ignored = 0;
        foreach (var key in keys)
        {
            if (ackKeys.TryDecode(environmentId, key, out var revision))
            {
                revisions.Add(revision);
            }
            else
            {
                ignored++;
            }
        }

        foreach (var chunk in revisions.Chunk(AckMessage.MaxRevisions))
        {
            await ackQueue.EnqueueAsync(new AckMessage(environmentId, deviceUuid, chunk), ct).ConfigureAwait(false);
        }

        return new AckReceipt(keys.Count - ignored, ignored);
    }

    private async Task<(List<QueueItem> Items, List<FailedObject> Failed, long Position)> AssembleAsync(SyncSession session, CancellationToken ct)
    {
        var items = new List<QueueItem>();
        var failed = new List<FailedObject>();
        var position = session.Position;
        var types = typeNames.For(session.EnvironmentId);
        while (items.Count < options.PageSize && position < session.Head)
        {
            // Never more entries than items still wanted: the page ends exactly where its last entry was read.
            var chunk = await records.ReadChangesAsync(session.EnvironmentId, position, session.Head, options.PageSize - items.Count, ct).ConfigureAwait(false);
            if (chunk.Count == 0)
            {
                position = session.Head;
                break;
            }

            var acked = await devices.ReadAcksAsync(session.EnvironmentId, session.DeviceUuid, position, chunk[^1].Revision, ct).ConfigureAwait(false);
            var fetched = await FetchAsync(session.EnvironmentId, Candidates(chunk, acked, session.PreviouslyServedThrough), ct).ConfigureAwait(false);
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
                    items.Add(Item(session, change, record, type));
                }
            }
        }

        return (items, failed, position);
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

    private async Task<Dictionary<long, (StoredRecord? Record, bool Failed)>> FetchAsync(string environmentId, List<RecordChange> candidates, CancellationToken ct)
    {
        var results = new System.Collections.Concurrent.ConcurrentDictionary<long, (StoredRecord? Record, bool Failed)>();
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = ct }, async (change, token) =>
        {
            try
            {
                results[change.Revision] = (await records.GetAsync(new RecordScope(environmentId, change.AccountId, change.Resource), change.Id, token).ConfigureAwait(false), false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Base's failed_objects: the item belonged on this page but could not be read.
                results[change.Revision] = (null, true);
            }
        }).ConfigureAwait(false);
        return new Dictionary<long, (StoredRecord? Record, bool Failed)>(results);
    }

    private QueueItem Item(SyncSession session, RecordChange change, StoredRecord record, string type)
    {
        var data = record.Deleted || record.Data is null ? new JsonObject { ["id"] = RecordIds.ToJson(record.Id) } : record.Data;
        var eventType = record.Deleted ? Deleted : record.FirstRevision > session.PreviouslyServedThrough ? Created : Updated;
        var ackKey = ackKeys.Encode(session.EnvironmentId, change.AccountId, change.Resource, change.Id, change.Revision);
        return new QueueItem(data, type, eventType, ackKey, change.Revision);
    }

    private async Task<SyncSession> ClaimAsync(
        string keyId, string environmentId, string deviceUuid, DeviceState device, SessionPlan plan, IReadOnlyList<SessionSlot> slots, DateTimeOffset now, CancellationToken ct)
    {
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
                    SessionIds.New(slot), keyId, slot, environmentId, deviceUuid,
                    From: plan.AckedThrough, Position: plan.AckedThrough, Head: plan.Head,
                    PreviouslyServedThrough: device.ServedThrough, TotalCount: plan.Pending, Served: 0, Drained: false,
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
            429,
            DeviceSyncErrorCodes.TooManySessions,
            "Too many active synchronization sessions.",
            $"An API key may have at most {DeviceSyncOptions.MaxSessionsPerKey} active synchronization sessions. Read a session's queue until it answers 204, or wait until one has been idle for {options.SessionIdleTimeout.TotalMinutes:0.#} minutes.")
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
    }
}
