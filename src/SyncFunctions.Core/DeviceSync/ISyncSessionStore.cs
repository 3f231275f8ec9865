namespace SyncFunctions.Core.DeviceSync;

public interface ISyncSessionStore
{
    Task<IReadOnlyList<SessionSlot>> ListSlotsAsync(string keyId, CancellationToken ct);

    /// <summary>
    /// Puts <paramref name="session"/> in its slot: inserted when <paramref name="slotETag"/> is null,
    /// else replacing the listed occupant. False when another start took the slot first.
    /// </summary>
    Task<bool> TryClaimAsync(SyncSession session, string? slotETag, CancellationToken ct);

    Task<(SyncSession Session, string ETag)?> GetAsync(string keyId, int slot, CancellationToken ct);

    /// <summary>Replaces the session under its ETag; <see cref="Concurrency.ConcurrencyException"/> if it changed.</summary>
    Task ReplaceAsync(SyncSession session, string etag, CancellationToken ct);

    /// <summary>Deletes sessions whose idle deadline is at or before <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct);
}
