namespace SyncFunctions.DemoUpstream;

/// <summary>
/// Issues <c>updated_at</c> values for mutations: whole seconds (so the JSON text round-trips exactly), strictly
/// increasing, and never at or before <paramref name="floor"/>, which lies past every generated timestamp.
/// Without a source it is a plain counter, which keeps mutated data sets deterministic.
/// </summary>
internal sealed class MutationClock(DateTimeOffset floor, Func<DateTimeOffset>? source)
{
    private DateTimeOffset _last = floor;

    public DateTimeOffset Next()
    {
        var candidate = _last.AddSeconds(1);
        if (source is not null)
        {
            var now = source().ToUniversalTime();
            var whole = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            if (whole > candidate) candidate = whole;
        }
        _last = candidate;
        return candidate;
    }
}
