using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Records;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Sync sessions — partition = API key id, row = slot (00–99): the key's session limit is the
/// partition's size, a start lists one partition (at most 100 rows) and claims a free slot with an
/// insert or an ETag-conditional replace, so two starts never take the same slot. A session's feed ranges
/// (at most <see cref="DeviceSyncOptions.MaxFeedsPerSession"/>) are a JSON document in the row
/// (<see cref="EntityDocuments"/>, split over properties of 30 000 characters), well under the 1 MiB entity limit.
/// </summary>
public sealed class TableSyncSessionStore(TableStore tables) : ISyncSessionStore
{
    private const string Table = TableLayout.SyncSessions.Name;

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
        await EntityRows.FindAsync(tables, Table, keyId, TableLayout.SyncSessions.Row(slot), ct).ConfigureAwait(false) is { } e
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

    private static int SlotOf(string rowKey) => int.Parse(rowKey, NumberStyles.None, CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(SyncSession s)
    {
        var entity = Row(s);
        EntityDocuments.WriteJson(entity, JsonSerializer.Serialize(s.Feeds.Select(f => new FeedRange(f.Feed.AccountId, f.Feed.Resource, f.From, f.Head, f.PreviouslyServedThrough)).ToList()));
        return entity;
    }

    private static TableEntity Row(SyncSession s) => new(s.KeyId, TableLayout.SyncSessions.Row(s.Slot))
    {
        ["SessionId"] = s.Id,
        ["EnvironmentId"] = s.EnvironmentId,
        ["DeviceUuid"] = s.DeviceUuid,
        ["FeedIndex"] = s.FeedIndex,
        ["Position"] = s.Position,
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
        (JsonSerializer.Deserialize<List<FeedRange>>(EntityDocuments.ReadJson(e) ?? "[]") ?? []).Select(f => new SessionFeed(new FeedId(f.A, f.R), f.F, f.H, f.S)).ToList(),
        e.GetInt32("FeedIndex") ?? 0,
        e.GetInt64("Position") ?? 0,
        e.GetInt32("TotalCount") ?? 0,
        e.GetInt32("Served") ?? 0,
        e.GetBoolean("Drained") == true,
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue);
}

/// <summary>One feed's range as a session row stores it; short names, since a session may list 100 of them.</summary>
internal sealed record FeedRange(
    [property: JsonPropertyName("a")] string A,
    [property: JsonPropertyName("r")] string R,
    [property: JsonPropertyName("f")] long F,
    [property: JsonPropertyName("h")] long H,
    [property: JsonPropertyName("s")] long S);
