using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Records;
using SyncFunctions.Definitions;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;

namespace SyncFunctions.Tests.DeviceSync;

/// <summary>
/// The app on Azurite with a manual clock, and a way to stage environments: an integration "crm"
/// (contacts with <c>type_name</c> "person", deals without), one integrated account, a sync key.
/// Records are written through <see cref="IRecordStore.PersistAsync"/>, as a run's pages are.
/// </summary>
public sealed class DeviceSyncFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private TestApp? _app;

    public ManualClock Clock { get; } = new();

    public TestApp App => _app ?? throw new InvalidOperationException("Not initialised.");

    public string ConnectionString => _azurite.ConnectionString;

    public IRecordStore Records => App.Get<IRecordStore>();

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _app = await TestApp.StartAsync(
            _azurite.ConnectionString,
            settings: new Dictionary<string, string?> { ["SyncFunctions:DeviceSyncPageSize"] = "3" },
            services: s => s.AddSingleton<TimeProvider>(Clock));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public async Task<Stage> NewStageAsync()
    {
        var admin = new AdminClient(App);
        var env = await admin.NewEnvironmentAsync();
        var setup = (await admin.NewKeyAsync(env, "integrations")).Token;
        var put = await TestRequest.Put("integrations/crm").Bearer(setup).Json(new
        {
            base_url = "https://crm.example.com/api",
            resources = new Dictionary<string, object>
            {
                ["crm/contacts"] = new { type_name = "person", list = new { path = "/contacts" } },
                ["crm/deals"] = new { list = new { path = "/deals" } },
            },
        }).SendAsync(r => App.Function<IntegrationFunctions>().Put(r, "crm"));
        Assert.True(put.Status == 201, put.ToString());
        var account = await TestRequest.Post("integrated-accounts").Bearer(setup).Json(new { integration_name = "crm" })
            .SendAsync(App.Function<AccountFunctions>().Create);
        Assert.True(account.Status == 201, account.ToString());
        var key = await admin.NewKeyAsync(env, "sync", "records");
        return new Stage(this, env, account.Str("id")!, key.Id, key.Token, setup);
    }

    /// <summary>Another integrated account of the stage's environment (integration "crm").</summary>
    internal async Task<string> NewAccountAsync(string setupKey)
    {
        var account = await TestRequest.Post("integrated-accounts").Bearer(setupKey).Json(new { integration_name = "crm" })
            .SendAsync(App.Function<AccountFunctions>().Create);
        Assert.True(account.Status == 201, account.ToString());
        return account.Str("id")!;
    }

    /// <summary>A key with the sync and records scopes, restricted to <paramref name="accountIds"/> (none: unrestricted).</summary>
    internal async Task<string> NewKeyAsync(string environmentId, params string[] accountIds)
    {
        var response = await new AdminClient(App).CreateKeyAsync(App.AdminKey, accountIds.Length == 0
            ? new { environment_id = environmentId, name = "device key", scopes = new[] { "sync", "records" } }
            : (object)new { environment_id = environmentId, name = "device key", scopes = new[] { "sync", "records" }, integrated_account_ids = accountIds });
        Assert.True(response.Status == 201, response.ToString());
        return response.Str("key")!;
    }
}

/// <summary>One environment with one account; writes records the way sync runs do.</summary>
public sealed class Stage(DeviceSyncFixture fixture, string environmentId, string accountId, string keyId, string key, string setupKey)
{
    private int _runs;

    public string EnvironmentId { get; } = environmentId;

    public string AccountId { get; } = accountId;

    /// <summary>A key with the sync and records scopes.</summary>
    public string Key { get; } = key;

    public string KeyId { get; } = keyId;

    /// <summary>Where the hub keeps the state of <paramref name="device"/> as the stage's key syncs it.</summary>
    public DeviceRef StateOf(BaseDevice device) => new(EnvironmentId, KeyId, device.Uuid);

    public RecordScope Contacts => new(EnvironmentId, AccountId, "crm/contacts");

    /// <summary>A second account of the environment, with its own records.</summary>
    public Task<string> NewAccountAsync() => fixture.NewAccountAsync(setupKey);

    /// <summary>A sync + records key of the environment restricted to <paramref name="accountIds"/> (none: unrestricted).</summary>
    public Task<string> NewKeyAsync(params string[] accountIds) => fixture.NewKeyAsync(EnvironmentId, accountIds);

    public RecordScope Deals => new(EnvironmentId, AccountId, "crm/deals");

    public BaseDevice NewDevice(string? key = null) => new(fixture.App, key ?? Key, Guid.NewGuid().ToString());

    public static IncomingRecord Record(string id, string name, bool deleted = false)
    {
        var data = new JsonObject { ["id"] = long.TryParse(id, out var n) ? n : id, ["name"] = name };
        return new IncomingRecord(id, CanonicalJson.Hash(data), deleted ? null : data, null, deleted);
    }

    public Task<PersistOutcome> WriteAsync(RecordScope scope, params IncomingRecord[] records) =>
        fixture.Records.PersistAsync(scope, "run-" + Interlocked.Increment(ref _runs), records, default);

    public Task<PersistOutcome> WriteAsync(params IncomingRecord[] records) => WriteAsync(Contacts, records);

    public Task<PersistOutcome> DeleteAsync(params string[] ids) => WriteAsync(ids.Select(id => Record(id, "", deleted: true)).ToArray());

    public async Task<long> RevisionOfAsync(string id, RecordScope? scope = null) =>
        (await fixture.Records.GetAsync(scope ?? Contacts, id, default))!.Revision;
}
