using SyncFunctions.Core.DeviceSync;
using SyncFunctions.DeviceSync;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;

namespace SyncFunctions.Tests.DeviceSync;

/// <summary>Sessions: bound to their device and key, at most 100 active per key, expiring when idle.</summary>
public sealed class DeviceSessionTests(DeviceSyncFixture fixture) : IClassFixture<DeviceSyncFixture>
{
    [Fact]
    public async Task A_session_belongs_to_its_device_and_key()
    {
        var stage = await fixture.NewStageAsync();
        var elsewhere = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"));
        var device = stage.NewDevice();
        var session = (await device.StartAsync()).Json.GetProperty("data").GetProperty("id").GetString()!;
        var sameEnvKey = (await new AdminClient(fixture.App).NewKeyAsync(stage.EnvironmentId, "sync")).Token;

        var otherDevice = await stage.NewDevice().FetchAsync(session);
        var otherKey = await new BaseDevice(fixture.App, sameEnvKey, device.Uuid).FetchAsync(session);
        var otherEnv = await new BaseDevice(fixture.App, elsewhere.Key, device.Uuid).FetchAsync(session);
        var forged = await device.FetchAsync(session[..^2] + (session[^2..] == "00" ? "01" : "00"));
        var garbage = await device.FetchAsync("../../etc");

        foreach (var response in new[] { otherDevice, otherKey, otherEnv, forged, garbage })
        {
            Assert.True(response.Status == 404, response.ToString());
            Assert.Equal("not_found", response.Str("code"));
        }

        Assert.Equal(200, (await device.FetchAsync(session)).Status);
    }

    [Fact]
    public async Task The_101st_active_session_of_a_key_is_refused_until_one_drains_or_expires()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"));
        var devices = Enumerable.Range(0, DeviceSyncOptions.MaxSessionsPerKey).Select(_ => stage.NewDevice()).ToList();
        var sessions = new System.Collections.Concurrent.ConcurrentDictionary<BaseDevice, string>();
        await Parallel.ForEachAsync(devices, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (device, _) =>
        {
            var start = await device.StartAsync();
            Assert.True(start.Status == 201, start.ToString());
            sessions[device] = start.Json.GetProperty("data").GetProperty("id").GetString()!;
        });
        Assert.Equal(100, sessions.Values.Distinct().Count());

        var refused = await stage.NewDevice().StartAsync();

        Assert.Equal(429, refused.Status);
        Assert.StartsWith("application/problem+json", refused.ContentType);
        Assert.Equal("too_many_sessions", refused.Str("code"));
        Assert.InRange(int.Parse(refused.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture), 1, 600);

        // Draining a session (its queue answers 204) ends it and frees its slot.
        var first = devices[0];
        Assert.Equal(200, (await first.FetchAsync(sessions[first])).Status);
        Assert.Equal(204, (await first.FetchAsync(sessions[first])).Status);
        Assert.Equal(201, (await stage.NewDevice().StartAsync()).Status);
        Assert.Equal(429, (await stage.NewDevice().StartAsync()).Status);

        // Idle sessions expire: refused (404) at once, their slots reused, the rows reaped.
        fixture.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var expired = await devices[1].FetchAsync(sessions[devices[1]]);
        Assert.Equal(404, expired.Status);
        Assert.Equal(201, (await stage.NewDevice().StartAsync()).Status);
        Assert.True(await fixture.App.Get<SyncSessionReaper>().ReapAsync(default) >= 99);
    }

    [Fact]
    public async Task Reading_a_session_keeps_it_alive_and_the_reaper_removes_only_idle_ones()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Enumerable.Range(1, 9).Select(i => Stage.Record(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "n")).ToArray());
        var busy = stage.NewDevice();
        var idle = stage.NewDevice();
        var busySession = (await busy.StartAsync()).Json.GetProperty("data").GetProperty("id").GetString()!;
        var idleSession = (await idle.StartAsync()).Json.GetProperty("data").GetProperty("id").GetString()!;

        fixture.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(200, (await busy.FetchAsync(busySession)).Status);
        fixture.Clock.Advance(TimeSpan.FromMinutes(6));

        Assert.True(await fixture.App.Get<SyncSessionReaper>().ReapAsync(default) >= 1);
        Assert.Equal(404, (await idle.FetchAsync(idleSession)).Status);
        Assert.Equal(200, (await busy.FetchAsync(busySession)).Status);

        // The expired session's items were never acknowledged: the next session sends them again.
        Assert.Equal(9, (await idle.DrainAsync()).Count);
    }

    [Fact]
    public async Task A_missing_or_malformed_device_uuid_is_a_400_on_every_route()
    {
        var stage = await fixture.NewStageAsync();
        var functions = fixture.App.Function<DeviceSyncFunctions>();
        foreach (var header in new string?[] { null, "", "not-a-uuid", "1234", "{6f1c3c1e-9d7e-4c55-a1b6-3f5b9f1f0a11}" })
        {
            TestRequest With(TestRequest r) => header is null ? r.Bearer(stage.Key) : r.Bearer(stage.Key).Header(DeviceUuid.Header, header);
            var responses = new[]
            {
                await With(TestRequest.Post("v2/sync/start")).SendAsync(functions.Start),
                await With(TestRequest.Get("v2/sync/x/queues/main")).SendAsync(r => functions.Queue(r, "x")),
                await With(TestRequest.Post("v2/sync/ack")).Json(new { data = new { ack_keys = Array.Empty<string>() } }).SendAsync(functions.Ack),
            };
            foreach (var response in responses)
            {
                Assert.True(response.Status == 400, $"'{header}': {response}");
                Assert.Equal("invalid_device_uuid", response.Str("code"));
                Assert.Equal(DeviceUuid.Header, response.Str("field"));
            }
        }
    }

    [Fact]
    public async Task An_ack_body_must_carry_data_ack_keys()
    {
        var stage = await fixture.NewStageAsync();
        var device = stage.NewDevice();
        var functions = fixture.App.Function<DeviceSyncFunctions>();
        async Task<TestResponse> Send(string body) =>
            await TestRequest.Post("v2/sync/ack").Bearer(stage.Key).Header(DeviceUuid.Header, device.Uuid).Body(body).SendAsync(functions.Ack);

        var missing = await Send("""{"data":{}}""");
        var unwrapped = await Send("""{"ack_keys":["a"]}""");
        var notJson = await Send("""{"data":""");
        var empty = await Send("""{"data":{"ack_keys":[]}}""");

        Assert.Equal((400, "data.ack_keys"), (missing.Status, missing.Str("field")));
        Assert.Equal((400, "unknown_field"), (unwrapped.Status, unwrapped.Str("code")));
        Assert.Equal((400, "invalid_json"), (notJson.Status, notJson.Str("code")));
        Assert.Equal(202, empty.Status);
    }
}
