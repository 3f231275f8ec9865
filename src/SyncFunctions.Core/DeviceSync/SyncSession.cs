using System.Globalization;
using System.Security.Cryptography;
using SyncFunctions.Core.Records;

namespace SyncFunctions.Core.DeviceSync;

/// <summary>
/// One synchronization session: a device reading, feed after feed in <see cref="Feeds"/> order (a stable order:
/// account, then resource), each feed's range (From, Head]; (<see cref="FeedIndex"/>, <see cref="Position"/>) is how
/// far it has read: every feed before <see cref="FeedIndex"/> is done, and that feed is read through
/// <see cref="Position"/>. Sessions occupy one of <see cref="DeviceSyncOptions.MaxSessionsPerKey"/> slots of their
/// API key; a slot is free again when its session is drained or idle past <see cref="ExpiresAt"/>.
/// </summary>
public sealed record SyncSession(
    string Id,
    string KeyId,
    int Slot,
    string EnvironmentId,
    string DeviceUuid,
    IReadOnlyList<SessionFeed> Feeds,
    int FeedIndex,
    long Position,
    int TotalCount,
    int Served,
    bool Drained,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    public bool IsActive(DateTimeOffset now) => !Drained && ExpiresAt > now;

    /// <summary>Every feed read to its head.</summary>
    public bool Finished => FeedIndex >= Feeds.Count;

    public DeviceRef Device => new(EnvironmentId, KeyId, DeviceUuid);
}

/// <summary>
/// One feed's share of a session: the range (<see cref="From"/>, <see cref="Head"/>], and the device's served mark of
/// that feed before the session (<see cref="PreviouslyServedThrough"/>), which tells <c>created</c> from <c>updated</c>
/// and which deletes the device cannot need.
/// </summary>
public sealed record SessionFeed(FeedId Feed, long From, long Head, long PreviouslyServedThrough);

/// <summary>A slot of an API key as listed: enough to tell whether it is free.</summary>
public sealed record SessionSlot(int Slot, string SessionId, bool Drained, DateTimeOffset ExpiresAt, string ETag)
{
    public bool IsActive(DateTimeOffset now) => !Drained && ExpiresAt > now;
}

/// <summary>Session ids: 30 random hex digits, then the slot as two decimal digits, so a lookup is one point read.</summary>
public static class SessionIds
{
    public const int Length = 32;

    public static string New(int slot) =>
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(15)) + slot.ToString("D2", CultureInfo.InvariantCulture);

    public static bool TryGetSlot(string? id, out int slot)
    {
        slot = -1;
        if (id is null || id.Length != Length || !id.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        return int.TryParse(id.AsSpan(Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out slot) && slot < DeviceSyncOptions.MaxSessionsPerKey;
    }
}
