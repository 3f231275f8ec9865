using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.DeviceSync;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Devices — partition = environment, row = device UUID: the watermark and the served mark.
/// Acknowledgements — partition <c>{environment}|{device}</c>, row = revision (zero-padded like the
/// change feed), so "the device's acks in (a, b]" is one range query and an ack is one upsert.
/// </summary>
public sealed class TableDeviceStore(TableStore tables) : IDeviceStateStore
{
    private const string DevicesTable = "devices";
    private const string AcksTable = "deviceacks";

    public async Task<DeviceState> GetAsync(string environmentId, string deviceUuid, CancellationToken ct)
    {
        var e = await EntityRows.FindAsync(tables, DevicesTable, environmentId, deviceUuid, ct).ConfigureAwait(false);
        return e is null
            ? DeviceState.New(environmentId, deviceUuid)
            : new DeviceState(environmentId, deviceUuid, e.GetInt64("AckedThrough") ?? 0, e.GetInt64("ServedThrough") ?? 0, e.ETag.ToString());
    }

    public async Task SaveAsync(DeviceState state, CancellationToken ct)
    {
        var entity = new TableEntity(state.EnvironmentId, state.DeviceUuid)
        {
            ["AckedThrough"] = state.AckedThrough,
            ["ServedThrough"] = state.ServedThrough,
        };
        if (state.ETag is { } etag)
        {
            await EntityRows.ReplaceAsync(tables, DevicesTable, entity, etag, ct).ConfigureAwait(false);
            return;
        }

        var table = await tables.GetAsync(DevicesTable, ct).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(entity, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new ConcurrencyException();
        }
    }

    public async Task<IReadOnlySet<long>> ReadAcksAsync(string environmentId, string deviceUuid, long afterRevision, long? throughRevision, CancellationToken ct)
    {
        var table = await tables.GetAsync(AcksTable, ct).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {AckPartition(environmentId, deviceUuid)} and RowKey gt {TableRecordStore.RevisionKey(afterRevision)}");
        if (throughRevision is { } through)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey le {TableRecordStore.RevisionKey(through)}");
        }

        var acked = new HashSet<long>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            acked.Add(long.Parse(row.RowKey, System.Globalization.CultureInfo.InvariantCulture));
        }

        return acked;
    }

    public async Task AddAcksAsync(string environmentId, string deviceUuid, IReadOnlyCollection<long> revisions, CancellationToken ct)
    {
        var table = await tables.GetAsync(AcksTable, ct).ConfigureAwait(false);
        var partition = AckPartition(environmentId, deviceUuid);
        await TableBatches.SubmitAsync(
            table,
            revisions.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, TableRecordStore.RevisionKey(r)))).ToList(),
            ct).ConfigureAwait(false);
    }

    public async Task DeleteAcksAsync(string environmentId, string deviceUuid, IReadOnlyCollection<long> revisions, CancellationToken ct)
    {
        var table = await tables.GetAsync(AcksTable, ct).ConfigureAwait(false);
        var partition = AckPartition(environmentId, deviceUuid);
        try
        {
            await TableBatches.SubmitAsync(
                table,
                revisions.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, TableRecordStore.RevisionKey(r)), ETag.All)).ToList(),
                ct).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException)
        {
            // A concurrent start removed some rows first, failing the whole batch: delete one by one, ignoring rows already gone.
            foreach (var revision in revisions)
            {
                await table.DeleteEntityAsync(partition, TableRecordStore.RevisionKey(revision), ETag.All, ct).ConfigureAwait(false);
            }
        }
    }

    private static string AckPartition(string environmentId, string deviceUuid) => $"{environmentId}|{deviceUuid}";
}
