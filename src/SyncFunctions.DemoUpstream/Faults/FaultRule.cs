namespace SyncFunctions.DemoUpstream;

/// <summary>
/// When to inject a <see cref="Fault"/>: requests whose path starts with <see cref="PathPrefix"/> (and whose raw query
/// contains <see cref="QueryContains"/>, and whose method is <see cref="Method"/>, when set). The first
/// <see cref="SkipFirst"/> matches pass through, then the next <see cref="Times"/> get the fault — or every one after,
/// with <see cref="UntilCleared"/>.
/// </summary>
public sealed class FaultRule
{
    private int _skipped;
    private int _fired;

    public string PathPrefix { get; init; } = "/";
    public string? QueryContains { get; init; }
    public string? Method { get; init; }
    public required Fault Fault { get; init; }
    public int Times { get; init; } = 1;
    public int SkipFirst { get; init; }
    public bool UntilCleared { get; init; }

    /// <summary>How many responses this rule has spoiled so far.</summary>
    public int Fired => Volatile.Read(ref _fired);

    /// <summary>Faults still to come; <see cref="int.MaxValue"/> with <see cref="UntilCleared"/>.</summary>
    public int Remaining => UntilCleared ? int.MaxValue : Math.Max(0, Times - Fired);

    internal bool Matches(string method, string path, string query) =>
        path.StartsWith(PathPrefix, StringComparison.OrdinalIgnoreCase)
        && (QueryContains is null || query.Contains(QueryContains, StringComparison.Ordinal))
        && (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase));

    /// <summary>Counts one matching request; true when this one gets the fault. Called under the injector's lock.</summary>
    internal bool Take()
    {
        if (Remaining == 0) return false;
        if (_skipped < SkipFirst)
        {
            _skipped++;
            return false;
        }
        Interlocked.Increment(ref _fired);
        return true;
    }

    internal bool IsSpent => Remaining == 0;
}
