using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Runs: partition = environment, row = run id; the document holds the whole run, and the columns
/// SyncJobId, IntegratedAccountId, Status and StartedAt exist for filters. The start of each job+account's latest
/// completed run is also kept in <c>runlast</c> (row <c>{job}|{account}</c>), so creating a run costs one point read
/// rather than a scan of the environment's run history.
/// </summary>
public sealed class TableRunStore(TableStore tables) : IRunStore
{
    private const string Table = TableLayout.Runs.Name;
    private const string LastTable = TableLayout.RunLast.Name;

    public async Task CreateAsync(SyncJobRun run, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        await table.AddEntityAsync(ToEntity(run), ct).ConfigureAwait(false);
        await RecordIfCompletedAsync(run, ct).ConfigureAwait(false);
    }

    public async Task<SyncJobRun?> GetAsync(string environmentId, string id, CancellationToken ct) =>
        (await GetForUpdateAsync(environmentId, id, ct).ConfigureAwait(false))?.Run;

    public async Task<(SyncJobRun Run, string ETag)?> GetForUpdateAsync(string environmentId, string id, CancellationToken ct) =>
        await EntityRows.FindAsync(tables, Table, environmentId, id, ct).ConfigureAwait(false) is { } e
            ? (EntityDocuments.Read<SyncJobRun>(e), e.ETag.ToString())
            : null;

    public async Task ReplaceAsync(SyncJobRun run, string etag, CancellationToken ct)
    {
        await EntityRows.ReplaceAsync(tables, Table, ToEntity(run), etag, ct).ConfigureAwait(false);
        await RecordIfCompletedAsync(run, ct).ConfigureAwait(false);
    }

    // A partial retry fetched only some pages: the next incremental run still starts from the run it retried.
    private Task RecordIfCompletedAsync(SyncJobRun run, CancellationToken ct) =>
        run is { Status: RunStatus.Completed, RetryTargets: null, StartedAt: { } started }
            ? RaiseLastCompletedAsync(run.EnvironmentId, TableLayout.RunLast.Row(run.SyncJobId, run.IntegratedAccountId), started, ct)
            : Task.CompletedTask;

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
        var key = TableLayout.RunLast.Row(syncJobId, accountId);
        if (await EntityRows.FindAsync(tables, LastTable, environmentId, key, ct).ConfigureAwait(false) is { } known)
        {
            return known.GetDateTimeOffset("StartedAt");
        }

        // Not known yet (a job+account that never completed, or runs stored before the index): look once, remember.
        var latest = await ScanLastCompletedStartAsync(environmentId, syncJobId, accountId, ct).ConfigureAwait(false);
        var table = await tables.GetAsync(LastTable, ct).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(new TableEntity(environmentId, key) { ["StartedAt"] = latest }, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // A completion recorded itself meanwhile; it is at least as new as what the scan saw.
        }

        return latest;
    }

    private async Task RaiseLastCompletedAsync(string environmentId, string key, DateTimeOffset started, CancellationToken ct)
    {
        var table = await tables.GetAsync(LastTable, ct).ConfigureAwait(false);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                if (await EntityRows.FindAsync(tables, LastTable, environmentId, key, ct).ConfigureAwait(false) is not { } row)
                {
                    await table.AddEntityAsync(new TableEntity(environmentId, key) { ["StartedAt"] = started }, ct).ConfigureAwait(false);
                    return;
                }

                if (row.GetDateTimeOffset("StartedAt") >= started)
                {
                    return;
                }

                row["StartedAt"] = started;
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another completion or a first read got there first: read again and compare.
            }
        }
    }

    private async Task<DateTimeOffset?> ScanLastCompletedStartAsync(string environmentId, string syncJobId, string accountId, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {environmentId} and SyncJobId eq {syncJobId} and IntegratedAccountId eq {accountId} and Status eq {nameof(RunStatus.Completed)}");
        DateTimeOffset? latest = null;
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["StartedAt", "PartialRetry"], cancellationToken: ct).ConfigureAwait(false))
        {
            if (e.GetBoolean("PartialRetry") == true)
            {
                continue;
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
