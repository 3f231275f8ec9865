using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Runs: partition = environment, row = run id; the document holds the whole run, and the columns
/// SyncJobId, IntegratedAccountId, Status and StartedAt exist for filters.
/// </summary>
public sealed class TableRunStore(TableStore tables) : IRunStore
{
    private const string Table = "runs";

    public async Task CreateAsync(SyncJobRun run, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        await table.AddEntityAsync(ToEntity(run), ct).ConfigureAwait(false);
    }

    public async Task<SyncJobRun?> GetAsync(string environmentId, string id, CancellationToken ct) =>
        (await GetForUpdateAsync(environmentId, id, ct).ConfigureAwait(false))?.Run;

    public async Task<(SyncJobRun Run, string ETag)?> GetForUpdateAsync(string environmentId, string id, CancellationToken ct) =>
        await EntityRows.FindAsync(tables, Table, environmentId, id, ct).ConfigureAwait(false) is { } e
            ? (EntityDocuments.Read<SyncJobRun>(e), e.ETag.ToString())
            : null;

    public Task ReplaceAsync(SyncJobRun run, string etag, CancellationToken ct) =>
        EntityRows.ReplaceAsync(tables, Table, ToEntity(run), etag, ct);

    public Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct) =>
        EntityRows.DeleteAsync(tables, Table, environmentId, id, ct);

    public async Task<StorePage<SyncJobRun>> ListAsync(string environmentId, RunFilter filter, int limit, string? continuation, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var query = EntityRows.PartitionFilter(
            environmentId,
            ("SyncJobId", filter.SyncJobId),
            ("IntegratedAccountId", filter.IntegratedAccountId),
            ("Status", filter.Status?.ToString()));
        return await TablePaging.ReadPageAsync(table, query, limit, continuation, EntityDocuments.Read<SyncJobRun>, ct).ConfigureAwait(false);
    }

    public async Task<DateTimeOffset?> LastCompletedStartAsync(string environmentId, string syncJobId, string accountId, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {environmentId} and SyncJobId eq {syncJobId} and IntegratedAccountId eq {accountId} and Status eq {nameof(RunStatus.Completed)}");
        DateTimeOffset? latest = null;
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["StartedAt", "PartialRetry"], cancellationToken: ct).ConfigureAwait(false))
        {
            if (e.GetBoolean("PartialRetry") == true)
            {
                continue; // it fetched only some pages: the next incremental run starts from the run it retried
            }

            var started = e.GetDateTimeOffset("StartedAt");
            if (started > latest || latest is null)
            {
                latest = started;
            }
        }

        return latest;
    }

    private static TableEntity ToEntity(SyncJobRun run)
    {
        var entity = new TableEntity(run.EnvironmentId, run.Id)
        {
            ["SyncJobId"] = run.SyncJobId,
            ["IntegratedAccountId"] = run.IntegratedAccountId,
            ["Status"] = run.Status.ToString(),
            ["PartialRetry"] = run.RetryTargets is not null,
            ["StartedAt"] = run.StartedAt,
            ["CreatedAt"] = run.CreatedAt,
        };
        EntityDocuments.Write(entity, run);
        return entity;
    }
}
