namespace SyncFunctions.Core.Environments;

public interface IEnvironmentStore
{
    Task CreateAsync(SyncEnvironment environment, CancellationToken ct);

    Task<SyncEnvironment?> GetAsync(string id, CancellationToken ct);

    Task<Paging.StorePage<SyncEnvironment>> ListAsync(int limit, string? continuation, CancellationToken ct);
}
