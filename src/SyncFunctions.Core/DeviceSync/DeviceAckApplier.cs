namespace SyncFunctions.Core.DeviceSync;

/// <param name="Malformed">The message was not an ack message: retrying cannot help, so it is dropped.</param>
/// <param name="Applied">Revisions recorded as acknowledged.</param>
/// <param name="Stale">Revisions at or below the device's watermark: already settled, nothing to record.</param>
public sealed record AckOutcome(bool Malformed, int Applied, int Stale);

/// <summary>
/// Applies queued acknowledgements: one row per acknowledged revision, upserted, so a message
/// delivered twice (the queue delivers at least once) or an ack repeated by the device changes
/// nothing. A failure throws, the message becomes visible again and is retried, and after the
/// host's <c>maxDequeueCount</c> it moves to the poison queue; nothing is lost on a crash between
/// dequeue and apply, because the message is deleted only after this returns.
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

        var device = await devices.GetAsync(message.EnvironmentId, message.DeviceUuid, ct).ConfigureAwait(false);
        var fresh = message.Revisions.Where(r => r > device.AckedThrough).Distinct().ToList();
        await devices.AddAcksAsync(message.EnvironmentId, message.DeviceUuid, fresh, ct).ConfigureAwait(false);
        return new AckOutcome(false, fresh.Count, message.Revisions.Count - fresh.Count);
    }
}

/// <summary>Deletes sessions idle past their deadline (the timer calls it; tests call it directly).</summary>
public sealed class SyncSessionReaper(ISyncSessionStore sessions, TimeProvider clock)
{
    public Task<int> ReapAsync(CancellationToken ct) => sessions.DeleteExpiredAsync(clock.GetUtcNow(), ct);
}
