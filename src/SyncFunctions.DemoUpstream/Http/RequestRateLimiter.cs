namespace SyncFunctions.DemoUpstream;

/// <summary>Fixed one-second windows: simple enough that a test can predict exactly which request gets the 429.</summary>
internal sealed class RequestRateLimiter(int perSecond, TimeProvider time)
{
    private readonly object _gate = new();
    private long _window = long.MinValue;
    private int _count;

    public bool TryAcquire()
    {
        var window = time.GetUtcNow().UtcTicks / TimeSpan.TicksPerSecond;
        lock (_gate)
        {
            if (window != _window)
            {
                _window = window;
                _count = 0;
            }
            return ++_count <= perSecond;
        }
    }
}
