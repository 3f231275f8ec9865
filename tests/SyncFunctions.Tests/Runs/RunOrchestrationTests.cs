using Microsoft.DurableTask.Client;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Views;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Runs;
using SyncFunctions.Testing;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// Runs end to end: POST sync-job-run starts the app's orchestrators on the in-process Durable host;
/// page activities fetch from the demo upstream over loopback and persist into Azurite.
/// </summary>
public sealed class RunOrchestrationTests(RunOrchestrationTests.Hub hub) : IClassFixture<RunOrchestrationTests.Hub>, IAsyncLifetime
{
    /// <summary>The class's hub: continue as new every two pages, one page per activity.</summary>
    public sealed class Hub : HubFixture
    {
        protected override IDictionary<string, string?> Settings =>
            new Dictionary<string, string?> { ["SyncFunctions:PagesPerOrchestration"] = "2", ["SyncFunctions:MaxPagesPerActivity"] = "1" };
    }

    private RunScenario _hub = null!;
    private string _job = "";

    internal static object DemoIntegration(string baseUrl) => new
    {
        base_url = baseUrl,
        auth = new { type = "bearer" },
        resources = new Dictionary<string, object>
        {
            ["crm/users"] = new { get = new { path = "/page/users/{{id}}" } },
            ["crm/deals"] = new
            {
                list = new { path = "/offset/deals", records_path = "$.items", pagination = new { type = "offset", offset_param = "offset", page_size_param = "limit", page_size = 2 } },
                get = new { path = "/page/deals/{{id}}" },
            },
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

    public async Task InitializeAsync()
    {
        _hub = await hub.StageDemoAsync(
            new DemoUpstreamOptions
            {
                Contacts = 120,
                Users = 5,
                Deals = 5,
                // Changes must look newer than the previous run's real start time.
                Clock = () => DateTimeOffset.UtcNow,
            });
        _job = await _hub.CreateJobAsync(RunScenario.ContactsJob);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private DemoUpstreamServer Upstream => _hub.Upstream;

    [Fact]
    public async Task A_full_run_pages_past_the_continue_as_new_threshold_and_stores_exactly_the_upstream_data()
    {
        var run = await _hub.RunAsync(_job);

        Assert.Equal("completed", run.Str("status"));
        var stats = run.Json.GetProperty("resource_stats").GetProperty("crm/contacts").GetProperty("list");
        Assert.Equal(120, stats.GetProperty("fetched").GetInt64());
        Assert.Equal(120, stats.GetProperty("persisted").GetInt64());
        Assert.Equal(120, run.Json.GetProperty("source_record_count").GetInt64());
        Assert.Equal(120, run.Json.GetProperty("source_record_updates").GetInt64());
        Assert.True(run.Json.GetProperty("full_sync").GetBoolean());
        Assert.NotNull(run.Str("started_at"));
        Assert.NotNull(run.Str("finished_at"));
        Assert.Equal(3, Upstream.Requests.ForPath("/page/contacts").Count(r => r.StatusCode == 200 && r.AuthScheme == "bearer"));
        await AssertStoreEqualsUpstream();

        // An incremental second run asks only for what changed, and writes only that.
        Upstream.Data.Update(DemoResources.Contacts, 7, r => r["company"] = "Changed Inc");
        Upstream.Data.Update(DemoResources.Contacts, 99);
        Upstream.Requests.Clear();

        var second = await _hub.RunAsync(_job);

        Assert.Equal("completed", second.Str("status"));
        Assert.False(second.Json.GetProperty("full_sync").GetBoolean());
        Assert.All(Upstream.Requests.ForPath("/page/contacts"), r => Assert.NotNull(r.Query("updated_since")));
        Assert.Equal(2, second.Json.GetProperty("source_record_count").GetInt64());
        Assert.Equal(2, second.Json.GetProperty("source_record_updates").GetInt64());
        await AssertStoreEqualsUpstream();
    }

    [Fact]
    public async Task Loop_on_runs_one_unit_per_array_element_and_persist_false_stores_nothing()
    {
        var job = await _hub.CreateJobAsync("""
            {"integration_name":"demo",
             "args_schema":{"type":"object","properties":{"user_ids":{"type":"array","items":{"type":"string"}}}},
             "resources":[
               {"resource":"crm/users","method":"get","id":"{{args.user_ids}}","loop_on":"user_ids"},
               {"resource":"crm/deals","method":"list","persist":false}]}
            """);

        var run = await _hub.RunAsync(job, new { user_ids = new[] { "1", "3", "5" } });

        Assert.Equal("completed", run.Str("status"));
        Assert.Equal(["1", "3", "5"], (await _hub.StoredAsync("crm/users")).Select(r => r.Id).Order());
        Assert.Equal(3, Upstream.Requests.Count(r => r.Path.StartsWith("/page/users/", StringComparison.Ordinal)));
        var deals = run.Json.GetProperty("resource_stats").GetProperty("crm/deals").GetProperty("list");
        Assert.Equal(5, deals.GetProperty("fetched").GetInt64());
        Assert.Equal(0, deals.GetProperty("persisted").GetInt64());
        Assert.Empty(await _hub.StoredAsync("crm/deals"));
    }

    [Fact]
    public async Task A_proxy_list_not_persisted_feeds_a_persisted_get_per_record_as_in_the_seeds_resource_stats()
    {
        // As the job says it, with no persist on the list: Truto's proxy default is not to persist.
        var job = await _hub.CreateJobAsIsAsync("""
            {"integration_name":"demo","resources":[
               {"resource":"crm/deals","method":"list"},
               {"resource":"crm/deals","method":"get","id":"{{resources.crm.deals.id}}","depends_on":"crm/deals","persist":true}]}
            """);

        var run = await _hub.RunAsync(job);

        Assert.Equal("completed", run.Str("status"));
        var stats = run.Json.GetProperty("resource_stats").GetProperty("crm/deals");
        Assert.Equal((5, 0), (stats.GetProperty("list").GetProperty("fetched").GetInt64(), stats.GetProperty("list").GetProperty("persisted").GetInt64()));
        Assert.Equal((5, 5), (stats.GetProperty("get").GetProperty("fetched").GetInt64(), stats.GetProperty("get").GetProperty("persisted").GetInt64()));
        Assert.Equal(["1", "2", "3", "4", "5"], (await _hub.StoredAsync("crm/deals")).Select(r => r.Id).Order());
        Assert.Equal(5, Upstream.Requests.Count(r => r.Path.StartsWith("/page/deals/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_full_sync_turns_records_gone_upstream_into_tombstones()
    {
        await _hub.RunAsync(_job);
        Upstream.Data.Delete(DemoResources.Contacts, 5);
        Upstream.Data.Delete(DemoResources.Contacts, 77);

        var full = await _hub.RunAsync(_job, ignorePreviousRun: true);

        Assert.True(full.Json.GetProperty("full_sync").GetBoolean());
        Assert.Equal(2, full.Json.GetProperty("source_record_deletes").GetInt64());
        var tombstones = (await _hub.StoredAsync("crm/contacts")).Where(r => r.Deleted).ToList();
        Assert.Equal(["5", "77"], tombstones.Select(r => r.Id).Order());
        Assert.All(tombstones, t => Assert.Null(t.Data));
        await AssertStoreEqualsUpstream();
    }

    private static readonly OrchestrationRuntimeStatus[] StoppedEnds = [OrchestrationRuntimeStatus.Terminated, OrchestrationRuntimeStatus.Completed];

    /// <summary>Starts a run whose upstream answers slowly, and returns once its first request is in flight.</summary>
    private async Task<string> StartHeldRunAsync()
    {
        Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Delay(TimeSpan.FromSeconds(2)) });
        var id = await _hub.StartRunAsync(_job);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Upstream.Requests.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return id;
    }

    [Fact]
    public async Task A_running_run_can_be_stopped_then_deleted_with_its_history()
    {
        var id = await StartHeldRunAsync();
        var runs = _hub.App.Function<RunFunctions>();
        var client = _hub.App.DurableClient;

        var activeDelete = await TestRequest.Delete($"sync-job-run/{id}").Bearer(_hub.Key).SendAsync(r => runs.Delete(r, client, id));
        var badPatch = await TestRequest.Patch($"sync-job-run/{id}").Bearer(_hub.Key).Json(new { status = "completed" }).SendAsync(r => runs.Update(r, client, id));
        var stopped = await TestRequest.Patch($"sync-job-run/{id}").Bearer(_hub.Key).Json(new { status = "stopped" }).SendAsync(r => runs.Update(r, client, id));

        Assert.Equal(409, activeDelete.Status);
        Assert.Equal(400, badPatch.Status);
        Assert.Equal("status", badPatch.Str("field"));
        Assert.True(stopped.Status == 200, stopped.ToString());
        Assert.Equal("stopped", stopped.Str("status"));
        Assert.True(stopped.Json.GetProperty("canceled").GetBoolean());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var state = await client.WaitForInstanceCompletionAsync(id, timeout.Token);
        // Terminated, or Completed when the held page met the stored stop and ended its unit before the terminate landed.
        Assert.Contains(state.RuntimeStatus, StoppedEnds);
        Upstream.Faults.Clear();
        Assert.Equal("stopped", (await _hub.GetRunAsync(id)).Str("status"));
        var again = await TestRequest.Patch($"sync-job-run/{id}").Bearer(_hub.Key).Json(new { status = "stopped" }).SendAsync(r => runs.Update(r, client, id));
        Assert.Equal(409, again.Status);

        var deleted = await TestRequest.Delete($"sync-job-run/{id}").Bearer(_hub.Key).SendAsync(r => runs.Delete(r, client, id));
        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, (await _hub.GetRunAsync(id)).Status);
        Assert.Null(await client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task Census_cancel_stops_a_running_run_and_marks_it_canceled()
    {
        var id = await StartHeldRunAsync();
        var runs = _hub.App.Function<RunFunctions>();
        var client = _hub.App.DurableClient;

        var working = await _hub.GetRunAsync(id);
        var canceled = await TestRequest.Post($"sync-job-run/{id}/cancel").Bearer(_hub.Key).SendAsync(r => runs.Cancel(r, client, id));

        Assert.Equal("working", working.Str("census_status"));
        Assert.True(canceled.Status == 200, canceled.ToString());
        Assert.Equal("failed", canceled.Str("census_status"));
        Assert.True(canceled.Json.GetProperty("canceled").GetBoolean());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Contains((await client.WaitForInstanceCompletionAsync(id, timeout.Token)).RuntimeStatus, StoppedEnds);
        Upstream.Faults.Clear();
        var after = await _hub.GetRunAsync(id);
        Assert.Equal("stopped", after.Str("status"));
        Assert.True(after.Json.GetProperty("canceled").GetBoolean());
    }

    private async Task AssertStoreEqualsUpstream()
    {
        var stored = (await _hub.StoredAsync("crm/contacts")).Where(r => !r.Deleted).ToDictionary(r => r.Id, r => r.Data!);
        var truth = Upstream.Data.Snapshot(DemoResources.Contacts).ToList();
        Assert.Equal(truth.Count, stored.Count);
        foreach (var record in truth)
        {
            var id = record["id"]!.ToString();
            Assert.True(stored.TryGetValue(id, out var mine), $"record {id} missing");
            Assert.Equal(CanonicalJson.Hash(record), CanonicalJson.Hash(mine));
        }
    }
}

/// <summary>A run whose account holds a wrong token fails as a configuration error, after one request.</summary>
public sealed class RunAuthFailureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Rejected_credentials_fail_the_run_with_a_configuration_error()
    {
        await using var hub = await RunScenario.StartAsync(
            azurite,
            new DemoUpstreamOptions { Contacts = 10, Auth = new UpstreamAuth { BearerToken = "right" } },
            RunOrchestrationTests.DemoIntegration,
            credentials: new Dictionary<string, string> { ["token"] = "wrong-SECRET" });
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);

        var run = await hub.RunAsync(job, errorHandling: "ignore");

        Assert.Equal("failed", run.Str("status"));
        Assert.Equal("upstream_rejected_credentials", run.Str("error_code"));
        Assert.DoesNotContain("wrong-SECRET", run.Body);
        Assert.Single(hub.Upstream.Requests.ForPath("/page/contacts"));
        var stored = (await hub.App.Get<IRunStore>().GetAsync(hub.EnvironmentId, run.Str("id")!, default))!;
        Assert.Equal(RunErrorKind.Configuration, stored.ErrorKind);
        Assert.Equal("config_error", StatusViews.Braze(stored.Status, stored.Outcome));
    }
}
