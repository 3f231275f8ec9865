namespace SyncFunctions.Core.DeviceSync;

/// <summary>Device sync settings (<c>SyncFunctions__DeviceSyncPageSize</c>, <c>__DeviceSessionIdleMinutes</c>) and fixed limits.</summary>
public sealed record DeviceSyncOptions(int PageSize, TimeSpan SessionIdleTimeout)
{
    /// <summary>Base's limit: at most this many active sessions per API key.</summary>
    public const int MaxSessionsPerKey = 100;

    public const int MaxPageSize = 500;

    /// <summary>
    /// Feeds one session covers at most. A start writes the marks of the feeds it covers in one transaction (at most
    /// 100 entities) and the session row lists their ranges; feeds that moved beyond this come in the next session
    /// (least recently synced feeds first, so none waits forever).
    /// </summary>
    public const int MaxFeedsPerSession = 100;

    /// <summary>
    /// How long a hole in the change feed (revisions allocated but not written yet) may stay open
    /// before a device's watermark passes it: longer than any write can take (a page is written
    /// inside one activity, and functions time out after 10 minutes), so a hole older than this
    /// belongs to a writer that died and will never be filled.
    /// </summary>
    public static readonly TimeSpan FeedGapGrace = TimeSpan.FromMinutes(15);

    public static DeviceSyncOptions Default { get; } = new(100, TimeSpan.FromMinutes(10));
}
