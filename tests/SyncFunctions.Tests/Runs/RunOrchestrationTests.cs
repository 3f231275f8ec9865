using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Records;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Http.Definitions;
using SyncFunctions.Http.Runs;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// A run end to end: POST sync-job-run starts the app's orchestrators on the in-process Durable host,
/// page activities fetch from the demo upstream over loopback and persist into Azurite.
/// </summary>
public sealed class RunOrchestrationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Token = "demo-token-123";
    private TestApp _app = null!;
    private DemoUpstreamServer _upstream = null!;
    private string _env = "";
    private string _key = "";
    private string _account = "";
    private string _job = "";

    public async Task InitializeAsync()
    {
        _upstream = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions
        {
            Contacts = 120,
            Users = 5,
            Deals = 5,
            Auth = new UpstreamAuth { BearerToken = Token },

            // Changes must look newer than the previous run's real start time.
            Clock = () => DateTimeOffset.UtcNow,
        });
        _app = await TestApp.StartAsync(azurite.ConnectionString, durable: true, settings: new Dictionary<string, string?>
        {
            ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1",
            ["SyncFunctions:PagesPerOrchestration"] = "2",
        });
        var admin = new AdminClient(_app);
        _env = await admin.NewEnvironmentAsync();
        _key = (await admin.NewKeyAsync(_env, "integrations", "sync_jobs", "runs")).Token;

        var integration = new
        {
            base_url = _upstream.BaseUrl.ToString().TrimEnd('/'),
            auth = new { type = "bearer" },
            resources = new Dictionary<string, object>
            {
                ["crm/users"] = new { get = new { path = "/page/users/{{id}}" } },
                ["crm/deals"] = new { list = new { path = "/offset/deals", records_path = "$.items", pagination = new { type = "offset", offset_param = "offset", page_size_param = "limit", page_size = 2 } } },
                ["crm/contacts"] = new
                {
                    type_name = "contact",
                    track_deletes = true,
                    list = new
                    {
                        path = "/page/contacts",
                        records_path = "$.data",
                        incremental_param = "updated_since",
                        pagination = new { type = "page_number", page_param = "page", page_size_param = "per_page", page_size = 50 },
                    },
                },
            },
        };
        var put = await TestRequest.Put("integrations/demo").Bearer(_key).Json(integration).SendAsync(r => _app.Function<IntegrationFunctions>().Put(r, "demo"));
        Assert.True(put.Status == 201, put.ToString());
        _account = (await TestRequest.Post("integrated-accounts").Bearer(_key)
            .Json(new { integration_name = "demo", credentials = new Dictionary<string, string> { ["token"] = Token } })
            .SendAsync(_app.Function<AccountFunctions>().Create)).Str("id")!;
        _job = (await TestRequest.Post("sync-job").Bearer(_key)
            .Json(new { integration_name = "demo", resources = new[] { new { resource = "crm/contacts", method = "list" } } })
            .SendAsync(_app.Function<SyncJobFunctions>().Create)).Str("id")!;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private async Task<TestResponse> RunToCompletion(string? job = null, object? args = null, bool ignorePreviousRun = false)
    {
        var created = await TestRequest.Post("sync-job-run").Bearer(_key)
            .Json(new { sync_job_id = job ?? _job, integrated_account_id = _account, args, ignore_previous_run = ignorePreviousRun })
            .SendAsync(r => _app.Function<RunFunctions>().Create(r, _app.DurableClient));
        Assert.True(created.Status == 201, created.ToString());
        Assert.Equal("created", created.Str("status"));
        var id = created.Str("id")!;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var state = await _app.DurableClient.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(state.RuntimeStatus == OrchestrationRuntimeStatus.Completed, state.FailureDetails?.ToString() ?? state.RuntimeStatus.ToString());
        return await TestRequest.Get($"sync-job-run/{id}").Bearer(_key).SendAsync(r => _app.Function<RunFunctions>().Get(r, id));
    }

    private async Task<string> CreateJob(string body) =>
        (await TestRequest.Post("sync-job").Bearer(_key).Body(body).SendAsync(_app.Function<SyncJobFunctions>().Create)).Str("id")!;

    private async Task<List<StoredRecord>> Stored(string resource)
    {
        var list = new List<StoredRecord>();
        await foreach (var record in _app.Get<IRecordStore>().ReadAllAsync(new RecordScope(_env, _account, resource), default))
        {
            list.Add(record);
        }

        return list;
    }

    [Fact]
    public async Task Loop_on_runs_one_unit_per_array_element_and_persist_false_stores_nothing()
    {
        var job = await CreateJob("""
            {"integration_name":"demo",
             "args_schema":{"type":"object","properties":{"user_ids":{"type":"array","items":{"type":"string"}}}},
             "resources":[
               {"resource":"crm/users","method":"get","id":"{{args.user_ids}}","loop_on":"user_ids"},
               {"resource":"crm/deals","method":"list","persist":false}]}
            """);

        var run = await RunToCompletion(job, new { user_ids = new[] { "1", "3", "5" } });

        Assert.Equal("completed", run.Str("status"));
        Assert.Equal(["1", "3", "5"], (await Stored("crm/users")).Select(r => r.Id).Order());
        Assert.Equal(3, _upstream.Requests.Count(r => r.Path.StartsWith("/page/users/", StringComparison.Ordinal)));
        var deals = run.Json.GetProperty("resource_stats").GetProperty("crm/deals").GetProperty("list");
        Assert.Equal(5, deals.GetProperty("fetched").GetInt64());
        Assert.Equal(0, deals.GetProperty("persisted").GetInt64());
        Assert.Empty(await Stored("crm/deals"));
    }

    [Fact]
    public async Task A_full_sync_turns_records_gone_upstream_into_tombstones()
    {
        await RunToCompletion();
        _upstream.Data.Delete(DemoResources.Contacts, 5);
        _upstream.Data.Delete(DemoResources.Contacts, 77);

        var full = await RunToCompletion(ignorePreviousRun: true);

        Assert.True(full.Json.GetProperty("full_sync").GetBoolean());
        Assert.Equal(2, full.Json.GetProperty("source_record_deletes").GetInt64());
        var tombstones = (await Stored("crm/contacts")).Where(r => r.Deleted).ToList();
        Assert.Equal(["5", "77"], tombstones.Select(r => r.Id).Order());
        Assert.All(tombstones, t => Assert.Null(t.Data));
        await AssertStoreEqualsUpstream();
    }

    [Fact]
    public async Task A_running_run_can_be_stopped_then_deleted_with_its_history()
    {
        _upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Delay(TimeSpan.FromSeconds(2)) });
        var runs = _app.Function<RunFunctions>();
        var created = await TestRequest.Post("sync-job-run").Bearer(_key).Json(new { sync_job_id = _job, integrated_account_id = _account })
            .SendAsync(r => runs.Create(r, _app.DurableClient));
        var id = created.Str("id")!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_upstream.Requests.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var activeDelete = await TestRequest.Delete($"sync-job-run/{id}").Bearer(_key).SendAsync(r => runs.Delete(r, _app.DurableClient, id));
        var badPatch = await TestRequest.Patch($"sync-job-run/{id}").Bearer(_key).Json(new { status = "completed" }).SendAsync(r => runs.Update(r, _app.DurableClient, id));
        var stopped = await TestRequest.Patch($"sync-job-run/{id}").Bearer(_key).Json(new { status = "stopped" }).SendAsync(r => runs.Update(r, _app.DurableClient, id));

        Assert.Equal(409, activeDelete.Status);
        Assert.Equal(400, badPatch.Status);
        Assert.Equal("status", badPatch.Str("field"));
        Assert.True(stopped.Status == 200, stopped.ToString());
        Assert.Equal("stopped", stopped.Str("status"));
        Assert.True(stopped.Json.GetProperty("canceled").GetBoolean());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var state = await _app.DurableClient.WaitForInstanceCompletionAsync(id, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, state.RuntimeStatus);
        _upstream.Faults.Clear();
        var after = await TestRequest.Get($"sync-job-run/{id}").Bearer(_key).SendAsync(r => runs.Get(r, id));
        Assert.Equal("stopped", after.Str("status"));
        var again = await TestRequest.Patch($"sync-job-run/{id}").Bearer(_key).Json(new { status = "stopped" }).SendAsync(r => runs.Update(r, _app.DurableClient, id));
        Assert.Equal(409, again.Status);

        var deleted = await TestRequest.Delete($"sync-job-run/{id}").Bearer(_key).SendAsync(r => runs.Delete(r, _app.DurableClient, id));
        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, (await TestRequest.Get($"sync-job-run/{id}").Bearer(_key).SendAsync(r => runs.Get(r, id))).Status);
        Assert.Null(await _app.DurableClient.GetInstanceAsync(id));
    }

    private async Task AssertStoreEqualsUpstream()
    {
        var stored = new Dictionary<string, JsonObject>();
        await foreach (var record in _app.Get<IRecordStore>().ReadAllAsync(new RecordScope(_env, _account, "crm/contacts"), default))
        {
            if (!record.Deleted)
            {
                stored.Add(record.Id, record.Data!);
            }
        }

        var truth = _upstream.Data.Snapshot(DemoResources.Contacts).ToList();
        Assert.Equal(truth.Count, stored.Count);
        foreach (var record in truth)
        {
            var id = record["id"]!.ToString();
            Assert.True(stored.TryGetValue(id, out var mine), $"record {id} missing");
            Assert.Equal(CanonicalJson.Hash(record), CanonicalJson.Hash(mine));
        }
    }

    [Fact]
    public async Task A_full_run_pages_past_the_continue_as_new_threshold_and_stores_exactly_the_upstream_data()
    {
        var run = await RunToCompletion();

        Assert.Equal("completed", run.Str("status"));
        var stats = run.Json.GetProperty("resource_stats").GetProperty("crm/contacts").GetProperty("list");
        Assert.Equal(120, stats.GetProperty("fetched").GetInt64());
        Assert.Equal(120, stats.GetProperty("persisted").GetInt64());
        Assert.Equal(120, run.Json.GetProperty("source_record_count").GetInt64());
        Assert.Equal(120, run.Json.GetProperty("source_record_updates").GetInt64());
        Assert.True(run.Json.GetProperty("full_sync").GetBoolean());
        Assert.NotNull(run.Str("started_at"));
        Assert.NotNull(run.Str("finished_at"));
        Assert.Equal(3, _upstream.Requests.ForPath("/page/contacts").Count(r => r.StatusCode == 200 && r.AuthScheme == "bearer"));
        await AssertStoreEqualsUpstream();

        // An incremental second run asks only for what changed, and writes only that.
        _upstream.Data.Update(DemoResources.Contacts, 7, r => r["company"] = "Changed Inc");
        _upstream.Data.Update(DemoResources.Contacts, 99);
        _upstream.Requests.Clear();

        var second = await RunToCompletion();

        Assert.Equal("completed", second.Str("status"));
        Assert.False(second.Json.GetProperty("full_sync").GetBoolean());
        Assert.All(_upstream.Requests.ForPath("/page/contacts"), r => Assert.NotNull(r.Query("updated_since")));
        Assert.Equal(2, second.Json.GetProperty("source_record_count").GetInt64());
        Assert.Equal(2, second.Json.GetProperty("source_record_updates").GetInt64());
        await AssertStoreEqualsUpstream();
    }
}

/// <summary>A run whose account holds a wrong token fails as a configuration error, after one request.</summary>
public sealed class RunAuthFailureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Rejected_credentials_fail_the_run_with_a_configuration_error()
    {
        await using var upstream = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 10, Auth = new UpstreamAuth { BearerToken = "right" } });
        await using var app = await TestApp.StartAsync(azurite.ConnectionString, durable: true, settings: new Dictionary<string, string?> { ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1" });
        var admin = new AdminClient(app);
        var env = await admin.NewEnvironmentAsync();
        var key = (await admin.NewKeyAsync(env, "integrations", "sync_jobs", "runs")).Token;
        await TestRequest.Put("integrations/demo").Bearer(key).Json(new
        {
            base_url = upstream.BaseUrl.ToString().TrimEnd('/'),
            auth = new { type = "bearer" },
            resources = new Dictionary<string, object> { ["crm/contacts"] = new { list = new { path = "/page/contacts", records_path = "$.data", pagination = new { type = "page_number" } } } },
        }).SendAsync(r => app.Function<IntegrationFunctions>().Put(r, "demo"));
        var account = (await TestRequest.Post("integrated-accounts").Bearer(key)
            .Json(new { integration_name = "demo", credentials = new Dictionary<string, string> { ["token"] = "wrong-SECRET" } })
            .SendAsync(app.Function<AccountFunctions>().Create)).Str("id")!;
        var job = (await TestRequest.Post("sync-job").Bearer(key)
            .Json(new { integration_name = "demo", resources = new[] { new { resource = "crm/contacts", method = "list" } } })
            .SendAsync(app.Function<SyncJobFunctions>().Create)).Str("id")!;

        var created = await TestRequest.Post("sync-job-run").Bearer(key).Json(new { sync_job_id = job, integrated_account_id = account, error_handling = "ignore" })
            .SendAsync(r => app.Function<RunFunctions>().Create(r, app.DurableClient));
        var id = created.Str("id")!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.DurableClient.WaitForInstanceCompletionAsync(id, timeout.Token);
        var run = await TestRequest.Get($"sync-job-run/{id}").Bearer(key).SendAsync(r => app.Function<RunFunctions>().Get(r, id));

        Assert.Equal("failed", run.Str("status"));
        Assert.False(string.IsNullOrEmpty(run.Str("error_code")));
        Assert.DoesNotContain("wrong-SECRET", run.Body);
        Assert.Single(upstream.Requests.ForPath("/page/contacts"));
        var stored = (await app.Get<SyncFunctions.Core.Runs.IRunStore>().GetAsync(env, id, default))!;
        Assert.Equal(SyncFunctions.Core.Runs.RunErrorKind.Configuration, stored.ErrorKind);
    }
}
