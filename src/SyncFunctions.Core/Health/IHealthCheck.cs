namespace SyncFunctions.Core.Health;

/// <summary>Reachability of one dependency (table storage, queue storage, ...).</summary>
public interface IHealthCheck
{
    string Name { get; }

    /// <summary>Throws when the dependency cannot be reached.</summary>
    Task ProbeAsync(CancellationToken ct);
}
