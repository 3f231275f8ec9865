using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Concurrency;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// A device's state belongs to the API key that syncs it, so every partition names environment, key and device
/// (<see cref="TableLayout.Devices.Partition"/>): another key sending the same device UUID has partitions of its own.
/// Devices — row = feed (<see cref="TableLayout.FeedRow"/>): that feed's watermark and served mark, so a device's vector is
/// one partition read and a start's changes one transaction (marks are replaced under their ETags, inserted when new).
/// Acknowledgements — row <c>{feed}|{revision}</c> (revision zero-padded like the change feed), so "the device's acks of a
/// feed in (a, b]" is one range query, all of its acks one partition read, and an ack one upsert.
/// </summary>
public sealed class TableDeviceStore(TableStore tables) : IDeviceStateStore
{
    private const string DevicesTable = TableLayout.Devices.Name;
    private const string AcksTable = TableLayout.DeviceAcks.Name;

    public async Task<DeviceState> GetAsync(DeviceRef device, CancellationToken ct)
    {
        var table = await tables.GetAsync(DevicesTable, ct).ConfigureAwait(false);
        var marks = new Dictionary<FeedId, FeedMark>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.Devices.Partition(device)}"), cancellationToken: ct).ConfigureAwait(false))
        {
            marks[TableLayout.Devices.ParseRow(e.RowKey)] = new FeedMark(e.GetInt64("AckedThrough") ?? 0, e.GetInt64("ServedThrough") ?? 0, e.ETag.ToString(), e.Timestamp);
        }

        return new DeviceState(device, marks);
    }

    public async Task SaveAsync(DeviceRef device, IReadOnlyDictionary<FeedId, FeedMark> marks, CancellationToken ct)
    {
        if (marks.Count == 0)
        {
            return;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(marks.Count, DeviceSyncOptions.MaxFeedsPerSession, nameof(marks));
        var table = await tables.GetAsync(DevicesTable, ct).ConfigureAwait(false);
        var partition = TableLayout.Devices.Partition(device);
        var actions = marks.Select(m =>
        {
            var entity = new TableEntity(partition, TableLayout.Devices.Row(m.Key))
            {
                ["AckedThrough"] = m.Value.AckedThrough,
                ["ServedThrough"] = m.Value.ServedThrough,
            };
            return m.Value.ETag is { } etag
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(etag))
                : new TableTransactionAction(TableTransactionActionType.Add, entity);
        }).ToList();
        try
        {
            // One transaction: racing starts of the device either all win or all lose.
            await table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            throw new ConcurrencyException();
        }
    }

    public async Task<IReadOnlyList<FeedRevision>> ReadAcksAsync(DeviceRef device, CancellationToken ct)
    {
        var table = await tables.GetAsync(AcksTable, ct).ConfigureAwait(false);
        var acks = new List<FeedRevision>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.Devices.Partition(device)}"), select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            var split = row.RowKey.LastIndexOf(TableLayout.Separator);
            acks.Add(new FeedRevision(TableLayout.Devices.ParseRow(row.RowKey[..split]), long.Parse(row.RowKey.AsSpan(split + 1), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return acks;
    }

    public async Task<IReadOnlySet<long>> ReadAcksAsync(DeviceRef device, FeedId feed, long afterRevision, long throughRevision, CancellationToken ct)
    {
        var table = await tables.GetAsync(AcksTable, ct).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {TableLayout.Devices.Partition(device)} and RowKey gt {TableLayout.DeviceAcks.Row(feed, afterRevision)} and RowKey le {TableLayout.DeviceAcks.Row(feed, throughRevision)}");
        var acked = new HashSet<long>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            acked.Add(long.Parse(row.RowKey.AsSpan(row.RowKey.LastIndexOf(TableLayout.Separator) + 1), System.Globalization.CultureInfo.InvariantCulture));
        }

        return acked;
    }

    public async Task AddAcksAsync(DeviceRef device, IReadOnlyCollection<FeedRevision> acks, CancellationToken ct)
    {
        var table = await tables.GetAsync(AcksTable, ct).ConfigureAwait(false);
        var partition = TableLayout.Devices.Partition(device);
        await TableBatches.SubmitAsync(
            table,
            acks.Select(a => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, TableLayout.DeviceAcks.Row(a.Feed, a.Revision)))).ToList(),
            ct).ConfigureAwait(false);
    }

    public async Task DeleteAcksAsync(DeviceRef device, IReadOnlyCollection<FeedRevision> acks, CancellationToken ct)
    {
        var table = await tables.GetAsync(AcksTable, ct).ConfigureAwait(false);
        var partition = TableLayout.Devices.Partition(device);
        try
        {
            await TableBatches.SubmitAsync(
                table,
                acks.Select(a => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, TableLayout.DeviceAcks.Row(a.Feed, a.Revision)), ETag.All)).ToList(),
                ct).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException)
        {
            // A concurrent start removed some rows first, failing the whole batch: delete one by one, ignoring rows already gone.
            foreach (var ack in acks)
            {
                await table.DeleteEntityAsync(partition, TableLayout.DeviceAcks.Row(ack.Feed, ack.Revision), ETag.All, ct).ConfigureAwait(false);
            }
        }
    }
}
