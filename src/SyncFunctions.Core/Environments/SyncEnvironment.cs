namespace SyncFunctions.Core.Environments;

/// <summary>A tenant. Every stored resource belongs to exactly one environment.</summary>
public sealed record SyncEnvironment(string Id, string Name, DateTimeOffset CreatedAt);

public interface IEnvironmentStore
{
    Task CreateAsync(SyncEnvironment environment, CancellationToken ct);

    Task<SyncEnvironment?> GetAsync(string id, CancellationToken ct);

    Task<Paging.StorePage<SyncEnvironment>> ListAsync(int limit, string? continuation, CancellationToken ct);
}
