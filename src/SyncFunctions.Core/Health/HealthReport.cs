namespace SyncFunctions.Core.Health;

public sealed record HealthCheckResult(string Status, long DurationMs, string? Error = null)
{
    public const string Ok = "ok";
    public const string Unreachable = "unreachable";

    public bool IsOk => Status == Ok;
}

public sealed record HealthReport(string Status, IReadOnlyDictionary<string, HealthCheckResult> Checks)
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";

    public bool IsHealthy => Status == Healthy;
}

/// <summary>Reachability of one dependency (table storage, queue storage, ...).</summary>
public interface IHealthCheck
{
    string Name { get; }

    /// <summary>Throws when the dependency cannot be reached.</summary>
    Task ProbeAsync(CancellationToken ct);
}

/// <summary>A real write/read/delete round trip through storage, run by the self-test orchestration.</summary>
public interface IStorageRoundTrip
{
    Task<IReadOnlyDictionary<string, string>> RunAsync(string probeId, CancellationToken ct);
}
