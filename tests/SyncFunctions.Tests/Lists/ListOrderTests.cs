using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SyncFunctions.Admin;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Runs;
using SyncFunctions.Definitions;
using SyncFunctions.Records;
using SyncFunctions.Runs;
using SyncFunctions.Schedules;
using SyncFunctions.Status;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Webhooks;

namespace SyncFunctions.Tests.Lists;

/// <summary>
/// Every list endpoint answers in one documented order, the same on every call and across pages: objects with
/// generated ids oldest first (ids are time-ordered), integrations by name, records by revision. Each test creates
/// several items and reads the whole list three times, two items a page.
/// <para>
/// The class shares one app (<see cref="AppFixture"/>): each test lists only what its own environment holds (a fresh
/// environment and key per test), so the other tests' items never show. The environment list is app-wide, so that
/// test starts an app of its own.
/// </para>
/// </summary>
public sealed class ListOrderTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const int Count = 6;

    private readonly TestApp _app = fixture.App;

    private AdminClient Admin => new(_app);

    private async Task<(string Env, string Key)> NewEnvironmentAsync()
    {
        var env = await Admin.NewEnvironmentAsync("order");
        return (env, (await Admin.NewKeyAsync(env, "integrations", "sync_jobs", "runs", "status", "records", "webhooks")).Token);
    }

    private static async Task<string> CreateAsync(Func<HttpRequest, Task<IActionResult>> function, string path, string key, object body)
    {
        var created = await TestRequest.Post(path).Bearer(key).Json(body).SendAsync(function);
        Assert.True(created.Status == 201, created.ToString());
        return created.Str("id")!;
    }

    private async Task<string> PutIntegrationAsync(string key, string name)
    {
        var put = await TestRequest.Put($"integrations/{name}").Bearer(key).Json(new
        {
            base_url = "https://crm.example.com/api",
            resources = new Dictionary<string, object> { ["crm/contacts"] = new { list = new { path = "/contacts" } } },
        }).SendAsync(r => _app.Function<IntegrationFunctions>().Put(r, name));
        Assert.True(put.Status == 201, put.ToString());
        return name;
    }

    private Task<string> CreateAccountAsync(string key, int i) =>
        CreateAsync(_app.Function<AccountFunctions>().Create, "integrated-accounts", key, new { integration_name = "crm", name = $"account {i}" });

    private Task<string> CreateJobAsync(string key) =>
        CreateAsync(_app.Function<SyncJobFunctions>().Create, "sync-job", key, new { integration_name = "crm", resources = new[] { new { resource = "crm/contacts", method = "list" } } });

    /// <summary>Asserts the list is <paramref name="expected"/>, in that order, with created_at never going back.</summary>
    private static void AssertOrder(IReadOnlyList<string> expected, List<(string Id, DateTimeOffset? CreatedAt)> listed, bool hasCreatedAt = true)
    {
        Assert.Equal(expected, listed.Select(x => x.Id));
        if (hasCreatedAt)
        {
            Assert.All(listed, x => Assert.NotNull(x.CreatedAt));
            Assert.All(listed.Zip(listed.Skip(1)), pair => Assert.True(pair.First.CreatedAt <= pair.Second.CreatedAt, $"{pair.First.Id} is listed before the newer {pair.Second.Id}"));
        }
    }

    [Fact]
    public async Task Environments_come_oldest_first()
    {
        // An app of its own: admin/environments lists every environment of the app, and on the class's app it would
        // also list the environments the other tests make (before or during this one), so the list could not be
        // exactly the ones made here.
        await using var app = await TestApp.StartAsync(fixture.ConnectionString);
        var admin = new AdminClient(app);
        var created = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            created.Add(await admin.NewEnvironmentAsync($"env {i}"));
        }

        var listed = await ListReader.ReadStableAsync(() => ListReader.ReadAllAsync("admin/environments", app.AdminKey, app.Function<EnvironmentFunctions>().List));

        AssertOrder(created, listed);
    }

    [Fact]
    public async Task Api_keys_come_oldest_first()
    {
        var env = await Admin.NewEnvironmentAsync("keys");
        var created = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            created.Add((await Admin.NewKeyAsync(env, "runs")).Id);
        }

        var listed = await ListReader.ReadStableAsync(() => ListReader.ReadAllAsync(
            $"admin/api-keys?environment_id={env}", _app.AdminKey, _app.Function<ApiKeyFunctions>().List));

        AssertOrder(created, listed);
    }

    [Fact]
    public async Task Integrations_come_by_name()
    {
        var (_, key) = await NewEnvironmentAsync();
        string[] names = ["delta", "alpha", "foxtrot", "charlie", "echo", "bravo"];
        foreach (var name in names)
        {
            await PutIntegrationAsync(key, name);
        }

        var listed = await ListReader.ReadStableAsync(() => ListReader.ReadAllAsync(
            "integrations", key, _app.Function<IntegrationFunctions>().List, idProperty: "name"));

        AssertOrder(names.Order(StringComparer.Ordinal).ToList(), listed, hasCreatedAt: false);
    }

    [Fact]
    public async Task Accounts_and_their_connections_come_oldest_first()
    {
        var (_, key) = await NewEnvironmentAsync();
        await PutIntegrationAsync(key, "crm");
        var created = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            created.Add(await CreateAccountAsync(key, i));
        }

        var accounts = await ListReader.ReadStableAsync(() => ListReader.ReadAllAsync("integrated-accounts", key, _app.Function<AccountFunctions>().List));
        var connections = await ListReader.ReadStableAsync(() => ListReader.ReadAllAsync(
            "connections", key, _app.Function<ConnectionFunctions>().List, createdAtProperty: "cdate", itemsPath: ["connections"], cursorPath: ["meta", "next_cursor"]));

        AssertOrder(created, accounts);
        AssertOrder(created, connections);
    }

    [Fact]
    public async Task Sync_jobs_come_oldest_first()
    {
        var (_, key) = await NewEnvironmentAsync();
        await PutIntegrationAsync(key, "crm");
        var created = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            created.Add(await CreateJobAsync(key));
        }

        var listed = await ListReader.ReadStableAsync(() => ListReader.ReadAllAsync("sync-job", key, _app.Function<SyncJobFunctions>().List));

        AssertOrder(created, listed);
    }

    [Fact]
    public async Task Cron_triggers_come_oldest_first()
    {
        var (_, key) = await NewEnvironmentAsync();
        await PutIntegrationAsync(key, "crm");
        var account = await CreateAccountAsync(key, 0);
        var job = await CreateJobAsync(key);
        var created = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            created.Add(await CreateAsync(_app.Function<CronTriggerFunctions>().Create, "sync-job-cron-trigger", key,
                new { sync_job_id = job, integrated_account_id = account, cron_expression = $"{i} 3 * * *" }));
        }

        var listed = await ListReader.ReadStableAsync(() => ListReader.ReadAllAsync("sync-job-cron-trigger", key, _app.Function<CronTriggerFunctions>().List));

        AssertOrder(created, listed);
    }

    [Fact]
    public async Task Webhooks_come_oldest_first()
    {
        var (_, key) = await NewEnvironmentAsync();
        var created = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            created.Add(await CreateAsync(_app.Function<WebhookFunctions>().Create, "webhooks", key, new { url = $"https://hooks.example.com/{i}" }));
        }

        var listed = await ListReader.ReadStableAsync(() => ListReader.ReadAllAsync("webhooks", key, _app.Function<WebhookFunctions>().List));

        AssertOrder(created, listed);
    }

    [Fact]
    public async Task Runs_come_oldest_first()
    {
        var (env, key) = await NewEnvironmentAsync();
        await PutIntegrationAsync(key, "crm");
        var account = await CreateAccountAsync(key, 0);
        var job = await CreateJobAsync(key);

        // Runs as RunStarter stores them, without starting their orchestrations: the order is the store's.
        var created = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            var run = (await _app.Get<RunPreparation>().PrepareAsync(env, new CreateRunRequest(job, account, null, null, null, null, null, null), "test", default)).Run;
            await _app.Get<IRunStore>().CreateAsync(run, default);
            created.Add(run.Id);
        }

        var listed = await ListReader.ReadStableAsync(() => ListReader.ReadAllAsync("sync-job-run", key, _app.Function<RunFunctions>().List));

        AssertOrder(created, listed);
    }

    [Fact]
    public async Task Records_come_in_revision_order()
    {
        var (env, key) = await NewEnvironmentAsync();
        await PutIntegrationAsync(key, "crm");
        var account = await CreateAccountAsync(key, 0);
        string[] ids = ["e", "b", "f", "a", "d", "c"];
        var scope = new RecordScope(env, account, "crm/contacts");
        for (var i = 0; i < ids.Length; i++)
        {
            var data = new JsonObject { ["id"] = ids[i], ["n"] = i };
            await _app.Get<IRecordStore>().PersistAsync(scope, $"run-{i}", [new IncomingRecord(ids[i], CanonicalJson.Hash(data), data, null, false)], default);
        }

        var listed = await ListReader.ReadStableAsync(() => ListReader.ReadAllAsync(
            $"records?resource=crm/contacts&integrated_account_id={account}", key, _app.Function<RecordFunctions>().List));

        AssertOrder(ids, listed, hasCreatedAt: false);
    }
}
