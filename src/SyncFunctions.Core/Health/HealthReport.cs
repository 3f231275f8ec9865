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
