namespace SyncFunctions.Testing.Durable;

/// <summary>
/// Counts Durable round trips on the in-process host: orchestration episodes (each start, replay after an activity or
/// sub-orchestration, and continue-as-new is one) and activity executions. The benchmark reports them per records.
/// </summary>
public sealed class DurableTaskMeter
{
    private static readonly AsyncLocal<string?> Running = new();

    /// <summary>The activity whose code is running on this async flow (null outside activities): lets a test tell who read what.</summary>
    public static string? CurrentActivity => Running.Value;

    internal static void ActivityStarts(string name) => Running.Value = name;

    private long _episodes;
    private long _activities;

    public long OrchestrationEpisodes => Interlocked.Read(ref _episodes);

    public long Activities => Interlocked.Read(ref _activities);

    public long RoundTrips => OrchestrationEpisodes + Activities;

    internal void Episode() => Interlocked.Increment(ref _episodes);

    internal void Activity() => Interlocked.Increment(ref _activities);

    public void Reset()
    {
        Interlocked.Exchange(ref _episodes, 0);
        Interlocked.Exchange(ref _activities, 0);
    }
}
