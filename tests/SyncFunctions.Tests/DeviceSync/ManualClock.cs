namespace SyncFunctions.Tests.DeviceSync;

/// <summary>A clock tests move by hand, so idle timeouts are tested without waiting.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    /// <summary>Back to the real time, for a test that compares with times storage stamps (entity timestamps).</summary>
    public void Reset() => Interlocked.Exchange(ref _ticks, DateTimeOffset.UtcNow.UtcTicks);
}
