using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Core.DeviceSync;

namespace SyncFunctions.DeviceSync;

/// <summary>Base's sync envelopes, field for field as its Sync API reference shows them (snake_case by <c>ApiJson</c>).</summary>
public static class BaseSyncWire
{
    public static object Session(SessionStarted session, string selfLink) => new SessionEnvelope(
        new SessionData(session.Id, [new QueueEnvelope(new QueueData("main", session.Pages, session.TotalCount), new QueueMeta("sync_queue", new Links(selfLink)))]),
        new TypeMeta("sync_session"));

    public static object Page(QueuePage page) => new PageEnvelope(
        page.Items.Select(i => new ItemEnvelope(i.Data, new ItemMeta(i.Type, new SyncMeta(i.EventType, i.AckKey, i.Revision)))).ToList(),
        new CollectionMeta("collection", page.Items.Count, page.CountLeft, page.FailedObjects.Select(f => new JsonObject { ["type"] = f.Type, ["id"] = f.Id.DeepClone() }).ToList()));

    public static object AckReceipt(AckReceipt receipt) => new AckEnvelope(new AckData(receipt.Accepted, receipt.Ignored));

    public sealed record SessionEnvelope(SessionData Data, TypeMeta Meta);

    public sealed record SessionData(string Id, IReadOnlyList<QueueEnvelope> Queues);

    public sealed record QueueEnvelope(QueueData Data, QueueMeta Meta);

    public sealed record QueueData(string Name, int Pages, int TotalCount);

    public sealed record QueueMeta(string Type, Links Links);

    public sealed record Links(string Self);

    public sealed record TypeMeta(string Type);

    public sealed record PageEnvelope(IReadOnlyList<ItemEnvelope> Items, CollectionMeta Meta);

    public sealed record ItemEnvelope(JsonObject Data, ItemMeta Meta);

    public sealed record ItemMeta(string Type, SyncMeta Sync);

    public sealed record SyncMeta(string EventType, string AckKey, long Revision);

    public sealed record CollectionMeta(string Type, int Count, int CountLeft, IReadOnlyList<JsonObject> FailedObjects);

    public sealed record AckEnvelope(AckData Data);

    /// <param name="Accepted">Keys queued for applying.</param>
    /// <param name="Ignored">Keys that were not ours (malformed, tampered with, or from another environment).</param>
    public sealed record AckData(int Accepted, int Ignored);

    /// <summary>The body of <c>POST v2/sync/ack</c>: <c>{"data":{"ack_keys":[…]}}</c>. Keys are read as JSON values so a non-string one is ignored like any other bad key.</summary>
    public sealed record AckRequest(AckRequestData? Data);

    public sealed record AckRequestData(IReadOnlyList<JsonElement>? AckKeys);
}
