using System.Text.Json;
using SyncFunctions.Core.Security;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Testing;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Http;

namespace SyncFunctions.Tests.Admin;

/// <summary>
/// Keys restricted to integrated accounts: how they are made and shown, and that lists hold only their accounts'
/// objects (the auth matrix covers every route's answer to a key restricted to the seeded account and to another).
/// </summary>
public sealed class RestrictedKeyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private ApiWorld _world = null!;

    public async Task InitializeAsync() => _world = await ApiWorld.StartAsync(azurite);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private Task<TestResponse> CreateKey(string bearer, string body) =>
        _world.Calls.SendAsync(ApiRoutes.CreateApiKey, RouteCaller.Request(ApiRoutes.CreateApiKey).Bearer(bearer).Body(body), null);

    private Task<TestResponse> Get(ApiRoute route, string key, string query = "", string? id = null) =>
        _world.Calls.SendAsync(route, RouteCaller.Request(route, id, query).Bearer(key), id);

    [Fact]
    public async Task A_key_is_restricted_to_accounts_that_exist_and_listings_show_it()
    {
        var unknown = await CreateKey(_world.AdminKey,
            $$"""{"environment_id":"{{_world.EnvironmentA}}","name":"k","scopes":["sync"],"integrated_account_ids":["{{_world.AccountId}}","nope"]}""");
        var empty = await CreateKey(_world.AdminKey, $$"""{"environment_id":"{{_world.EnvironmentA}}","name":"k","scopes":["sync"],"integrated_account_ids":[]}""");
        var created = await CreateKey(_world.AdminKey,
            $$"""{"environment_id":"{{_world.EnvironmentA}}","name":"device","scopes":["sync"],"integrated_account_ids":["{{_world.AccountId}}","{{_world.AccountId}}"]}""");

        Assert.Equal(400, unknown.Status);
        Assert.Equal("integrated_account_ids[1]", unknown.Json.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(400, empty.Status);
        Assert.Equal("integrated_account_ids", empty.Str("field"));
        Assert.Equal(201, created.Status);
        Assert.Equal([_world.AccountId], Ids(created.Json.GetProperty("integrated_account_ids")));

        var shown = await Get(ApiRoutes.GetApiKey, _world.AdminKey, id: created.Str("id"));
        Assert.Equal([_world.AccountId], Ids(shown.Json.GetProperty("integrated_account_ids")));
        var wide = await Get(ApiRoutes.GetApiKey, _world.AdminKey, id: _world.KeyIdA);
        Assert.Equal(JsonValueKind.Null, wide.Json.GetProperty("integrated_account_ids").ValueKind);
    }

    [Fact]
    public async Task A_restricted_admin_key_hands_out_only_keys_within_its_accounts()
    {
        var (_, admin) = await new AdminClient(_world.App).NewRestrictedKeyAsync(_world.EnvironmentA, [_world.AccountId], Scopes.Admin);

        var wider = await CreateKey(admin, $$"""{"name":"k","scopes":["sync"],"integrated_account_ids":["{{_world.OtherAccountId}}"]}""");
        var inherited = await CreateKey(admin, """{"name":"k","scopes":["sync"]}""");
        var listed = await Get(ApiRoutes.ListApiKeys, admin);

        Assert.Equal(400, wider.Status);
        Assert.Equal("integrated_account_ids[0]", wider.Json.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(201, inherited.Status);
        Assert.Equal([_world.AccountId], Ids(inherited.Json.GetProperty("integrated_account_ids")));
        var keys = listed.Json.GetProperty("data").EnumerateArray().ToList();
        Assert.Contains(keys, k => k.GetProperty("id").GetString() == inherited.Str("id"));
        Assert.All(keys, k => Assert.Equal([_world.AccountId], Ids(k.GetProperty("integrated_account_ids"))));
    }

    [Fact]
    public async Task Lists_hold_only_the_keys_accounts()
    {
        foreach (var (key, sees) in new[] { (_world.KeyOwnAccount, true), (_world.KeyOtherAccount, false) })
        {
            var accounts = await Get(ApiRoutes.ListIntegratedAccounts, key);
            var runs = await Get(ApiRoutes.ListSyncJobRuns, key);
            var runsOfAccount = await Get(ApiRoutes.ListSyncJobRuns, key, "integrated_account_id=" + _world.AccountId);
            var triggers = await Get(ApiRoutes.ListSyncJobCronTriggers, key);
            var connections = await Get(ApiRoutes.ListConnections, key);
            var statuses = await Get(ApiRoutes.ListJobSyncStatus, key, id: _world.JobId);

            Assert.Equal(sees ? [_world.AccountId] : [_world.OtherAccountId], Ids(accounts.Json.GetProperty("data"), "id"));
            Assert.Equal(sees ? [_world.RunId] : [], Ids(runs.Json.GetProperty("data"), "id"));
            Assert.Equal(sees ? [_world.RunId] : [], Ids(runsOfAccount.Json.GetProperty("data"), "id"));
            Assert.Equal(sees ? [_world.CronTriggerId] : [], Ids(triggers.Json.GetProperty("data"), "id"));
            Assert.Equal(sees ? [_world.AccountId] : [_world.OtherAccountId], Ids(connections.Json.GetProperty("connections"), "id"));
            Assert.Equal("1", connections.Json.GetProperty("meta").GetProperty("total").GetString());
            Assert.Equal(sees ? 1 : 0, statuses.Json.GetProperty("results").GetArrayLength());
        }

        // The unrestricted key sees both accounts.
        var all = await Get(ApiRoutes.ListIntegratedAccounts, _world.KeyA);
        Assert.Equal(new[] { _world.AccountId, _world.OtherAccountId }.Order(StringComparer.Ordinal), Ids(all.Json.GetProperty("data"), "id").Order(StringComparer.Ordinal));
    }

    private static List<string> Ids(JsonElement array, string? property = null) =>
        array.EnumerateArray().Select(e => (property is null ? e : e.GetProperty(property)).GetString()!).ToList();
}
