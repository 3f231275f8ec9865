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

    public async Task<(SyncJobRun Run, string ETag)?> GetForUpdateAsync(string environmentId, string id, CancellationToken ct)
    {
        if (!TableKeys.IsValid(id))
        {
            return null;
        }

        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(environmentId, id, cancellationToken: ct).ConfigureAwait(false);
        return found.HasValue ? (EntityDocuments.Read<SyncJobRun>(found.Value!), found.Value!.ETag.ToString()) : null;
    }

    public async Task ReplaceAsync(SyncJobRun run, string etag, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(ToEntity(run), new ETag(etag), TableUpdateMode.Replace, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new ConcurrencyException();
        }
    }

    public async Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct)
    {
        if (!TableKeys.IsValid(id))
        {
            return false;
        }

        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var response = await table.DeleteEntityAsync(environmentId, id, ETag.All, ct).ConfigureAwait(false);
        return response.Status != 404;
    }

    public async Task<StorePage<SyncJobRun>> ListAsync(string environmentId, RunFilter filter, int limit, string? continuation, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var clauses = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {environmentId}") };
        if (filter.SyncJobId is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"SyncJobId eq {filter.SyncJobId}"));
        }

        if (filter.IntegratedAccountId is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"IntegratedAccountId eq {filter.IntegratedAccountId}"));
        }

        if (filter.Status is { } status)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        }

        return await TablePaging.ReadPageAsync(table, string.Join(" and ", clauses), limit, continuation, EntityDocuments.Read<SyncJobRun>, ct).ConfigureAwait(false);
    }

    public async Task<DateTimeOffset?> LastCompletedStartAsync(string environmentId, string syncJobId, string accountId, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {environmentId} and SyncJobId eq {syncJobId} and IntegratedAccountId eq {accountId} and Status eq {nameof(RunStatus.Completed)}");
        DateTimeOffset? latest = null;
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["StartedAt"], cancellationToken: ct).ConfigureAwait(false))
        {
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
            ["StartedAt"] = run.StartedAt,
            ["CreatedAt"] = run.CreatedAt,
        };
        EntityDocuments.Write(entity, run);
        return entity;
    }
}
