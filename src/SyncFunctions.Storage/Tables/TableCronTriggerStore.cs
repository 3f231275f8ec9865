using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using SyncFunctions.Core.CronTriggers;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Cron triggers: partition = environment, row = id. <c>NextRunAt</c> is also a typed column, so the scheduler's
/// minutely query asks the service for due triggers only instead of reading every trigger.
/// </summary>
public sealed class TableCronTriggerStore(TableStore tables) : ICronTriggerStore
{
    private const string Table = TableLayout.CronTriggers.Name;

    public async Task CreateAsync(CronTrigger trigger, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        await table.AddEntityAsync(ToEntity(trigger), ct).ConfigureAwait(false);
    }

    public async Task<(CronTrigger Trigger, string ETag)?> GetForUpdateAsync(string environmentId, string id, CancellationToken ct) =>
        await EntityRows.FindAsync(tables, Table, environmentId, id, ct).ConfigureAwait(false) is { } e
            ? (EntityDocuments.Read<CronTrigger>(e), e.ETag.ToString())
            : null;

    public Task ReplaceAsync(CronTrigger trigger, string etag, CancellationToken ct) =>
        EntityRows.ReplaceAsync(tables, Table, ToEntity(trigger), etag, ct);

    public Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct) =>
        EntityRows.DeleteAsync(tables, Table, environmentId, id, ct);

    public async Task<StorePage<CronTrigger>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        return await TablePaging.ReadPageAsync(table, EntityRows.PartitionFilter(environmentId), limit, continuation, EntityDocuments.Read<CronTrigger>, ct).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<CronTrigger> ListDueAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"NextRunAt le {now}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            yield return EntityDocuments.Read<CronTrigger>(e);
        }
    }

    private static TableEntity ToEntity(CronTrigger trigger)
    {
        var entity = new TableEntity(trigger.EnvironmentId, trigger.Id)
        {
            ["NextRunAt"] = trigger.NextRunAt,
            ["CreatedAt"] = trigger.CreatedAt,
        };
        EntityDocuments.Write(entity, trigger);
        return entity;
    }
}
