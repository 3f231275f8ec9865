using SyncFunctions.Core.Runs;

namespace SyncFunctions.Storage.Tables;

/// <summary>Run slots: partition = environment, row = <c>{job}|{account}</c> (both ids are ours, never user text).</summary>
public sealed class TableRunSlotStore(TableStore tables) : IRunSlotStore
{
    private const string Table = TableLayout.RunSlots.Name;

    public Task<(RunSlot Slot, string ETag)?> GetAsync(string environmentId, string syncJobId, string accountId, CancellationToken ct) =>
        Map(ConditionalRows.GetAsync<RunSlot>(tables, Table, environmentId, TableLayout.RunSlots.Row(syncJobId, accountId), ct));

    public Task<bool> TryAddAsync(string environmentId, string syncJobId, string accountId, RunSlot slot, CancellationToken ct) =>
        ConditionalRows.TryAddAsync(tables, Table, environmentId, TableLayout.RunSlots.Row(syncJobId, accountId), slot, ct);

    public Task<bool> TryReplaceAsync(string environmentId, string syncJobId, string accountId, RunSlot slot, string etag, CancellationToken ct) =>
        ConditionalRows.TryReplaceAsync(tables, Table, environmentId, TableLayout.RunSlots.Row(syncJobId, accountId), slot, etag, ct);

    private static async Task<(RunSlot, string)?> Map(Task<(RunSlot Value, string ETag)?> read) => await read.ConfigureAwait(false) is { } r ? (r.Value, r.ETag) : null;
}
