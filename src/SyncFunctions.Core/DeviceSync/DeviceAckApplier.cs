namespace SyncFunctions.Core.DeviceSync;

/// <param name="Malformed">The message was not an ack message: retrying cannot help, so it is dropped.</param>
/// <param name="Applied">Revisions recorded as acknowledged.</param>
/// <param name="Stale">Revisions at or below the device's watermark of their feed, or of a feed this device (of this API key) was
/// never served from: settled or meaningless, nothing to record.</param>
public sealed record AckOutcome(bool Malformed, int Applied, int Stale);

/// <summary>
/// Applies queued acknowledgements: one row per acknowledged revision, upserted, so a message
/// delivered twice (the queue delivers at least once) or an ack repeated by the device changes
/// nothing. A failure throws, the message becomes visible again and is retried, and after the
/// host's <c>maxDequeueCount</c> it moves to the poison queue; nothing is lost on a crash between
/// dequeue and apply, because the message is deleted only after this returns. The feed tags are resolved
/// against the device's own marks (one read): a device has a mark for every feed it was served from.
/// </summary>
public sealed class DeviceAckApplier(IDeviceStateStore devices)
{
    public async Task<AckOutcome> ApplyAsync(string? messageText, CancellationToken ct)
    {
        var message = AckMessage.TryParse(messageText);
        if (message is null)
        {
            return new AckOutcome(true, 0, 0);
        }

        var device = await devices.GetAsync(message.Device, ct).ConfigureAwait(false);
        var feeds = device.Feeds.Keys.ToDictionary(AckKeyCodec.FeedTag, StringComparer.Ordinal);
        var fresh = new List<FeedRevision>();
        var total = 0;
        foreach (var acks in message.Feeds)
        {
            total += acks.Revisions.Count;
            if (feeds.TryGetValue(acks.Feed, out var feed))
            {
                var watermark = device.Mark(feed).AckedThrough;
                fresh.AddRange(acks.Revisions.Where(r => r > watermark).Distinct().Select(r => new FeedRevision(feed, r)));
            }
        }

        await devices.AddAcksAsync(message.Device, fresh, ct).ConfigureAwait(false);
        return new AckOutcome(false, fresh.Count, total - fresh.Count);
    }
}

/// <summary>Deletes sessions idle past their deadline (the timer calls it; tests call it directly).</summary>
public sealed class SyncSessionReaper(ISyncSessionStore sessions, TimeProvider clock)
{
    public Task<int> ReapAsync(CancellationToken ct) => sessions.DeleteExpiredAsync(clock.GetUtcNow(), ct);
}
