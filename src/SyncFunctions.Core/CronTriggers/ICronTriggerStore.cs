using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.CronTriggers;

public interface ICronTriggerStore
{
    Task CreateAsync(CronTrigger trigger, CancellationToken ct);

    Task<(CronTrigger Trigger, string ETag)?> GetForUpdateAsync(string environmentId, string id, CancellationToken ct);

    /// <summary>Replaces the trigger if unchanged since <paramref name="etag"/>; otherwise <see cref="Concurrency.ConcurrencyException"/>.</summary>
    Task ReplaceAsync(CronTrigger trigger, string etag, CancellationToken ct);

    /// <summary>True when something was deleted.</summary>
    Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct);

    Task<StorePage<CronTrigger>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct);

    /// <summary>Triggers of every environment whose next run is at or before <paramref name="now"/>.</summary>
    IAsyncEnumerable<CronTrigger> ListDueAsync(DateTimeOffset now, CancellationToken ct);
}
