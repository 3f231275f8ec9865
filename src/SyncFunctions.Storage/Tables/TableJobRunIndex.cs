using System.Globalization;
using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Views;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Job timelines: partition <c>{env}|{job}</c>, row <c>{MaxTicks - created ticks, 19 digits}|{run id}</c>, so a
/// partition reads newest first in key order. The row key is the entry's position.
/// </summary>
public sealed class TableJobRunIndex(TableStore tables) : IJobRunIndex
{
    private const string Table = TableLayout.JobRuns.Name;

    public async Task AddAsync(SyncJobRun run, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var position = (DateTimeOffset.MaxValue.UtcTicks - run.CreatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + run.Id;
        await table.UpsertEntityAsync(new TableEntity(TableLayout.JobRuns.Partition(run.EnvironmentId, run.SyncJobId), position) { ["RunId"] = run.Id }, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    public async Task RemoveAsync(string environmentId, string syncJobId, string position, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        await table.DeleteEntityAsync(TableLayout.JobRuns.Partition(environmentId, syncJobId), position, ETag.All, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<JobRunEntry>> ReadAfterAsync(string environmentId, string syncJobId, string? after, int take, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var partition = TableLayout.JobRuns.Partition(environmentId, syncJobId);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after}");
        var entries = new List<JobRunEntry>(take);
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, Math.Max(1, take)), select: ["RowKey", "RunId"], cancellationToken: ct).ConfigureAwait(false))
        {
            if (entries.Count == take)
            {
                break;
            }

            entries.Add(new JobRunEntry(e.RowKey, e.GetString("RunId")));
        }

        return entries;
    }

    // Table Storage reads ascending only: the entries before a position are scanned from the newest, keeping the last few.
    public async Task<IReadOnlyList<JobRunEntry>> ReadUpToAsync(string environmentId, string syncJobId, string upTo, int take, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.JobRuns.Partition(environmentId, syncJobId)} and RowKey le {upTo}");
        var window = new Queue<JobRunEntry>(take + 1);
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["RowKey", "RunId"], cancellationToken: ct).ConfigureAwait(false))
        {
            window.Enqueue(new JobRunEntry(e.RowKey, e.GetString("RunId")));
            if (window.Count > take)
            {
                window.Dequeue();
            }
        }

        return window.ToList();
    }
}
