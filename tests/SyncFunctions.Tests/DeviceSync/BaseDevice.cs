using System.Text.Json;
using SyncFunctions.DeviceSync;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.DeviceSync;

/// <summary>
/// A Base sync client: the requests Base's SDKs send (Bearer token, X-Basecrm-Device-UUID,
/// Accept: application/json, bodies wrapped in {"data":…}), against the app's HTTP functions.
/// </summary>
public sealed class BaseDevice(TestApp app, string key, string uuid)
{
    public string Uuid { get; } = uuid;

    private DeviceSyncFunctions Functions => app.Function<DeviceSyncFunctions>();

    public Task<TestResponse> StartAsync() =>
        Request(TestRequest.Post("v2/sync/start")).SendAsync(Functions.Start);

    public Task<TestResponse> FetchAsync(string sessionId) =>
        Request(TestRequest.Get($"v2/sync/{sessionId}/queues/main")).SendAsync(r => Functions.Queue(r, sessionId));

    public Task<TestResponse> AckAsync(IEnumerable<object?> keys) =>
        Request(TestRequest.Post("v2/sync/ack")).Json(new { data = new { ack_keys = keys } }).SendAsync(Functions.Ack);

    /// <summary>Starts a session and reads every page: the items in order (empty when the start answered 204).</summary>
    public async Task<List<SyncItem>> DrainAsync()
    {
        var start = await StartAsync();
        if (start.Status == 204)
        {
            return [];
        }

        Assert.True(start.Status == 201, start.ToString());
        var session = start.Json.GetProperty("data").GetProperty("id").GetString()!;
        var items = new List<SyncItem>();
        for (var page = 0; page < 1000; page++)
        {
            var response = await FetchAsync(session);
            if (response.Status == 204)
            {
                return items;
            }

            Assert.True(response.Status == 200, response.ToString());
            items.AddRange(response.Json.GetProperty("items").EnumerateArray().Select(SyncItem.From));
        }

        throw new InvalidOperationException("The queue never drained.");
    }

    /// <summary>Drains a session and acknowledges everything it got.</summary>
    public async Task<List<SyncItem>> SyncAsync(AckPump pump)
    {
        var items = await DrainAsync();
        if (items.Count > 0)
        {
            var ack = await AckAsync(items.Select(i => i.AckKey));
            Assert.True(ack.Status == 202, ack.ToString());
            await pump.DrainAsync();
        }

        return items;
    }

    private TestRequest Request(TestRequest request) =>
        request.Bearer(key).Header("X-Basecrm-Device-UUID", Uuid).Header("Accept", "application/json");
}

/// <summary>One queue item as a device sees it.</summary>
public sealed record SyncItem(JsonElement Data, string Type, string EventType, string AckKey, long Revision)
{
    public string Id => Data.GetProperty("id").ToString();

    public static SyncItem From(JsonElement item)
    {
        var meta = item.GetProperty("meta");
        var sync = meta.GetProperty("sync");
        return new SyncItem(item.GetProperty("data").Clone(), meta.GetProperty("type").GetString()!, sync.GetProperty("event_type").GetString()!, sync.GetProperty("ack_key").GetString()!, sync.GetProperty("revision").GetInt64());
    }
}
