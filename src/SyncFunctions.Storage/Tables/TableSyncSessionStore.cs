using System.Globalization;
using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.DeviceSync;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Sync sessions — partition = API key id, row = slot (00–99): the key's session limit is the
/// partition's size, a start lists one partition (at most 100 rows) and claims a free slot with an
/// insert or an ETag-conditional replace, so two starts never take the same slot.
/// </summary>
public sealed class TableSyncSessionStore(TableStore tables) : ISyncSessionStore
{
    private const string Table = "syncsessions";

    public async Task<IReadOnlyList<SessionSlot>> ListSlotsAsync(string keyId, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var slots = new List<SessionSlot>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {keyId}"), select: ["RowKey", "SessionId", "Drained", "ExpiresAt"], cancellationToken: ct).ConfigureAwait(false))
        {
            slots.Add(new SessionSlot(SlotOf(e.RowKey), e.GetString("SessionId"), e.GetBoolean("Drained") == true, e.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue, e.ETag.ToString()));
        }

        return slots;
    }

    public async Task<bool> TryClaimAsync(SyncSession session, string? slotETag, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        try
        {
            if (slotETag is null)
            {
                await table.AddEntityAsync(ToEntity(session), ct).ConfigureAwait(false);
            }
            else
            {
                await table.UpdateEntityAsync(ToEntity(session), new ETag(slotETag), TableUpdateMode.Replace, ct).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    public async Task<(SyncSession Session, string ETag)?> GetAsync(string keyId, int slot, CancellationToken ct) =>
        await EntityRows.FindAsync(tables, Table, keyId, SlotKey(slot), ct).ConfigureAwait(false) is { } e
            ? (FromEntity(e), e.ETag.ToString())
            : null;

    public Task ReplaceAsync(SyncSession session, string etag, CancellationToken ct) =>
        EntityRows.ReplaceAsync(tables, Table, ToEntity(session), etag, ct);

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct).ConfigureAwait(false);
        var deleted = 0;
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ExpiresAt le {now}"), select: ["PartitionKey", "RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            try
            {
                // Under the ETag: a session used (and so extended) since it was listed stays.
                await table.DeleteEntityAsync(e.PartitionKey, e.RowKey, e.ETag, ct).ConfigureAwait(false);
                deleted++;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
            }
        }

        return deleted;
    }

    private static string SlotKey(int slot) => slot.ToString("D2", CultureInfo.InvariantCulture);

    private static int SlotOf(string rowKey) => int.Parse(rowKey, NumberStyles.None, CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(SyncSession s) => new(s.KeyId, SlotKey(s.Slot))
    {
        ["SessionId"] = s.Id,
        ["EnvironmentId"] = s.EnvironmentId,
        ["DeviceUuid"] = s.DeviceUuid,
        ["From"] = s.From,
        ["Position"] = s.Position,
        ["Head"] = s.Head,
        ["PreviouslyServedThrough"] = s.PreviouslyServedThrough,
        ["TotalCount"] = s.TotalCount,
        ["Served"] = s.Served,
        ["Drained"] = s.Drained,
        ["CreatedAt"] = s.CreatedAt,
        ["ExpiresAt"] = s.ExpiresAt,
    };

    private static SyncSession FromEntity(TableEntity e) => new(
        e.GetString("SessionId"),
        e.PartitionKey,
        SlotOf(e.RowKey),
        e.GetString("EnvironmentId"),
        e.GetString("DeviceUuid"),
        e.GetInt64("From") ?? 0,
        e.GetInt64("Position") ?? 0,
        e.GetInt64("Head") ?? 0,
        e.GetInt64("PreviouslyServedThrough") ?? 0,
        e.GetInt32("TotalCount") ?? 0,
        e.GetInt32("Served") ?? 0,
        e.GetBoolean("Drained") == true,
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue);
}
