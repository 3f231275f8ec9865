using System.Text.Json;
using SyncFunctions.Core.Runs;
using SyncFunctions.Status;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;

namespace SyncFunctions.Tests.Status;

/// <summary>ActiveCampaign's connections over accounts and runs in Azurite; run changes reach the connection through the app's registered observers.</summary>
public sealed class ConnectionApiTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private StatusStage _stage = null!;

    public async Task InitializeAsync() => _stage = await StatusStage.CreateAsync(fixture.App);

    public Task DisposeAsync() => Task.CompletedTask;

    private ConnectionFunctions Functions => fixture.App.Function<ConnectionFunctions>();

    private async Task<JsonElement> ConnectionAsync(string? id = null)
    {
        var accountId = id ?? _stage.AccountId;
        var response = await TestRequest.Get($"connections/{accountId}").Bearer(_stage.Key).SendAsync(r => Functions.Get(r, accountId));
        Assert.True(response.Status == 200, response.ToString());
        return response.Json.GetProperty("connection");
    }

    private static (int SyncStatus, int Status) Flags(JsonElement c) => (c.GetProperty("syncStatus").GetInt32(), c.GetProperty("status").GetInt32());

    [Fact]
    public async Task A_connection_has_activecampaigns_fields()
    {
        var c = await ConnectionAsync();

        Assert.Equal(
            ["id", "service", "externalid", "name", "status", "syncStatus", "lastSync", "cdate", "udate"],
            c.EnumerateObject().Select(p => p.Name));
        Assert.Equal(_stage.AccountId, c.GetProperty("id").GetString());
        Assert.Equal("crm", c.GetProperty("service").GetString());
        Assert.Equal("acme-1", c.GetProperty("externalid").GetString());
        Assert.Equal("Acme CRM", c.GetProperty("name").GetString());
        Assert.Equal((0, 1), Flags(c));
        Assert.Equal(JsonValueKind.Null, c.GetProperty("lastSync").ValueKind);
        Assert.True(c.GetProperty("udate").GetDateTimeOffset() >= c.GetProperty("cdate").GetDateTimeOffset());
    }

    [Fact]
    public async Task Sync_status_goes_0_1_0_across_a_run_and_last_sync_is_its_end()
    {
        var before = await ConnectionAsync();
        var run = await _stage.SeedAsync(r => r);
        var queued = await ConnectionAsync();
        run = await _stage.MoveAsync(run, r => r with { Status = RunStatus.Running, StartedAt = r.CreatedAt }, RunTransition.Started);
        var running = await ConnectionAsync();
        run = await _stage.MoveAsync(run, r => r with { Status = RunStatus.Completed, FinishedAt = r.CreatedAt.AddMinutes(3) }, RunTransition.Finished);
        var after = await ConnectionAsync();

        Assert.Equal(0, Flags(before).SyncStatus);
        Assert.Equal(1, Flags(queued).SyncStatus);
        Assert.Equal(1, Flags(running).SyncStatus);
        Assert.Equal((0, 1), Flags(after));
        var finished = run.FinishedAt!.Value;
        Assert.Equal(finished.AddTicks(-(finished.UtcTicks % TimeSpan.TicksPerMillisecond)), after.GetProperty("lastSync").GetDateTimeOffset()); // the wire has milliseconds
        Assert.True(after.GetProperty("udate").GetDateTimeOffset() >= before.GetProperty("udate").GetDateTimeOffset());
    }

    [Fact]
    public async Task Status_is_0_after_an_auth_failure_until_a_later_run_completes()
    {
        var t = DateTimeOffset.UtcNow;
        var failed = await _stage.SeedAsync(r => r with { Status = RunStatus.Running, StartedAt = t });
        await _stage.MoveAsync(failed, r => r with { Status = RunStatus.Failed, ErrorKind = RunErrorKind.Configuration, ErrorCode = "upstream_auth_failed", FinishedAt = t.AddMinutes(1) }, RunTransition.Finished);
        var afterFailure = await ConnectionAsync();
        var skipped = await _stage.SeedAsync(r => r with { Status = RunStatus.Skipped, FinishedAt = t.AddMinutes(2) });
        await fixture.App.Get<RunObservers>().NotifyAsync(skipped, RunTransition.Finished, default);
        var afterSkip = await ConnectionAsync();
        var recovery = await _stage.SeedAsync(r => r with { Status = RunStatus.Running, StartedAt = t.AddMinutes(3) });
        await _stage.MoveAsync(recovery, r => r with { Status = RunStatus.Completed, FinishedAt = t.AddMinutes(4) }, RunTransition.Finished);
        var recovered = await ConnectionAsync();

        Assert.Equal((0, 0), Flags(afterFailure));
        Assert.Equal((0, 0), Flags(afterSkip));
        Assert.Equal((0, 1), Flags(recovered));
    }

    [Fact]
    public async Task The_list_filters_by_service_and_external_id_in_activecampaigns_envelope()
    {
        var other = await _stage.NewAccountAsync("Beta", "beta-7");
        await _stage.SeedAsync(r => r, other);

        var all = await TestRequest.Get("connections").Bearer(_stage.Key).SendAsync(Functions.List);
        var byExternal = await TestRequest.Get("connections?filters[externalid]=beta-7").Bearer(_stage.Key).SendAsync(Functions.List);
        var byService = await TestRequest.Get("connections?filters[service]=crm&externalid=acme-1").Bearer(_stage.Key).SendAsync(Functions.List);
        var none = await TestRequest.Get("connections?filters[service]=other").Bearer(_stage.Key).SendAsync(Functions.List);

        Assert.True(all.Status == 200, all.ToString());
        Assert.Equal("2", all.Json.GetProperty("meta").GetProperty("total").GetString());
        Assert.Equal(2, all.Json.GetProperty("connections").GetArrayLength());
        var beta = Assert.Single(byExternal.Json.GetProperty("connections").EnumerateArray());
        Assert.Equal((1, 1), Flags(beta));
        Assert.Equal("Beta", beta.GetProperty("name").GetString());
        Assert.Equal(_stage.AccountId, Assert.Single(byService.Json.GetProperty("connections").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("0", none.Json.GetProperty("meta").GetProperty("total").GetString());
        Assert.Empty(none.Json.GetProperty("connections").EnumerateArray());
    }

    [Fact]
    public async Task Pages_follow_the_cursor_and_a_bad_cursor_is_a_400_problem()
    {
        await _stage.NewAccountAsync("Beta", "beta-7");
        await _stage.NewAccountAsync("Gamma", "gamma-8");

        var first = await TestRequest.Get("connections?limit=2").Bearer(_stage.Key).SendAsync(Functions.List);
        var cursor = first.Json.GetProperty("meta").GetProperty("next_cursor").GetString()!;
        var second = await TestRequest.Get($"connections?limit=2&cursor={Uri.EscapeDataString(cursor)}").Bearer(_stage.Key).SendAsync(Functions.List);
        var bad = await TestRequest.Get("connections?cursor=nope").Bearer(_stage.Key).SendAsync(Functions.List);

        Assert.Equal(2, first.Json.GetProperty("connections").GetArrayLength());
        Assert.Equal(1, second.Json.GetProperty("connections").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.Json.GetProperty("meta").GetProperty("next_cursor").ValueKind);
        Assert.Equal(400, bad.Status);
        Assert.Equal("invalid_cursor", bad.Str("code"));
        Assert.StartsWith("application/problem+json", bad.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_and_other_environments_connections_are_404()
    {
        var admin = new AdminClient(fixture.App);
        var (_, otherKey) = await admin.NewKeyAsync(await admin.NewEnvironmentAsync(), "status");

        var unknown = await TestRequest.Get("connections/nope").Bearer(_stage.Key).SendAsync(r => Functions.Get(r, "nope"));
        var malformed = await TestRequest.Get("connections/a#b").Bearer(_stage.Key).SendAsync(r => Functions.Get(r, "a#b"));
        var foreign = await TestRequest.Get($"connections/{_stage.AccountId}").Bearer(otherKey).SendAsync(r => Functions.Get(r, _stage.AccountId));
        var foreignList = await TestRequest.Get("connections").Bearer(otherKey).SendAsync(Functions.List);

        Assert.Equal(404, unknown.Status);
        Assert.Equal(404, malformed.Status);
        Assert.Equal(404, foreign.Status);
        Assert.Equal(0, foreignList.Json.GetProperty("connections").GetArrayLength());
    }
}
