namespace SyncFunctions.Core.Runs;

/// <summary>Reads a run's orchestration (instance id = run id); the Durable client sits behind it, outside Core.</summary>
public interface IRunInstanceReader
{
    /// <summary>Null when no such instance exists (never started, or purged).</summary>
    Task<RunInstanceState?> GetAsync(string runId, CancellationToken ct);
}
