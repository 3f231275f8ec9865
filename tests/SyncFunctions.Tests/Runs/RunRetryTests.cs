using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Definitions;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Runs;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// POST sync-job-run/{id}/retry over the demo upstream's 120 contacts in pages of 50, where page 2 answers 500 until
/// the test clears the fault: a completed run is retried page-precisely, a failed one whole.
/// </summary>
public sealed class RunRetryTests(RunRetryTests.Hub hub) : IClassFixture<RunRetryTests.Hub>, IAsyncLifetime
{
    /// <summary>The class's hub: one quick upstream retry.</summary>
    public sealed class Hub : HubFixture
    {
        protected override IDictionary<string, string?> Settings => RunScenario.FastUpstreamRetries();
    }

    private RunScenario _hub = null!;
    private string _job = "";

    public async Task InitializeAsync()
    {
        _hub = await hub.StageAsync(new DemoUpstreamOptions { Contacts = 120 }, RunScenario.PagedContacts(trackDeletes: true));
        _job = await _hub.CreateJobAsync(RunScenario.ContactsJob);
        _hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=2", UntilCleared = true, Fault = Fault.Status(500) });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private Task<TestResponse> Retry(string id) =>
        TestRequest.Post($"sync-job-run/{id}/retry").Bearer(_hub.Key).SendAsync(r => _hub.App.Function<RunRetryFunctions>().Retry(r, _hub.App.DurableClient, id));

    private async Task<TestResponse> RetryAndWait(string id)
    {
        var created = await Retry(id);
        Assert.True(created.Status == 201, created.ToString());
        Assert.Equal("created", created.Str("status"));
        Assert.Equal(id, created.Str("retry_of"));
        Assert.Equal($"Retry of run {id}", created.Str("trigger"));
        var retryId = created.Str("id")!;
        Assert.NotEqual(id, retryId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await _hub.App.DurableClient.WaitForInstanceCompletionAsync(retryId, timeout.Token);
        return await _hub.GetRunAsync(retryId);
    }

    private async Task AssertStoreEqualsUpstream()
    {
        var stored = (await _hub.StoredAsync("crm/contacts")).Where(r => !r.Deleted).ToDictionary(r => r.Id, r => CanonicalJson.Hash(r.Data!));
        var truth = _hub.Upstream.Data.Snapshot(DemoResources.Contacts).ToDictionary(r => r["id"]!.ToString(), CanonicalJson.Hash);
        Assert.Equal(truth, stored);
    }

    [Fact]
    public async Task A_completed_run_with_a_failed_page_is_retried_from_that_page_only()
    {
        var source = await _hub.RunAsync(_job, errorHandling: "ignore");
        var sourceId = source.Str("id")!;
        Assert.Equal("completed", source.Str("status"));
        Assert.Equal(50, (await _hub.StoredAsync("crm/contacts")).Count); // page 2 failed, so page 3 never came

        _hub.Upstream.Faults.Clear();
        _hub.Upstream.Requests.Clear();
        var retry = await RetryAndWait(sourceId);

        Assert.Equal("completed", retry.Str("status"));
        Assert.Equal(70, retry.Json.GetProperty("source_record_count").GetInt64());
        Assert.Equal(source.Json.GetProperty("full_sync").GetBoolean(), retry.Json.GetProperty("full_sync").GetBoolean());
        Assert.Equal(["2", "3"], _hub.Upstream.Requests.ForPath("/page/contacts").Select(r => r.Query("page")).Order());
        Assert.Equal(0, retry.Json.GetProperty("source_record_deletes").GetInt64()); // a partial listing tombstones nothing
        await AssertStoreEqualsUpstream();

        var again = await Retry(retry.Str("id")!);
        Assert.Equal(409, again.Status);
        Assert.Equal("nothing_to_retry", again.Str("code"));
        Assert.Equal(404, (await Retry(Guid.NewGuid().ToString())).Status);
    }

    [Fact]
    public async Task A_failed_run_is_retried_whole_and_a_running_one_not_at_all()
    {
        var source = await _hub.RunAsync(_job, errorHandling: "fail_fast");
        Assert.Equal("failed", source.Str("status"));

        _hub.Upstream.Faults.Clear();
        _hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=1", Fault = Fault.Delay(TimeSpan.FromSeconds(2)) });
        var pending = await Retry(source.Str("id")!);
        Assert.Equal(201, pending.Status);
        var busy = await Retry(pending.Str("id")!);
        Assert.Equal(409, busy.Status);
        Assert.Equal("run_active", busy.Str("code"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await _hub.App.DurableClient.WaitForInstanceCompletionAsync(pending.Str("id")!, timeout.Token);
        var retry = await _hub.GetRunAsync(pending.Str("id")!);
        Assert.Equal("completed", retry.Str("status"));
        Assert.Equal(120, retry.Json.GetProperty("source_record_count").GetInt64());
        Assert.Null(retry.Str("error_code"));
        await AssertStoreEqualsUpstream();
    }

    [Fact]
    public async Task A_run_whose_resource_left_its_integration_is_refused_a_retry_and_nothing_is_started()
    {
        var source = await _hub.RunAsync(_job, errorHandling: "fail_fast");
        Assert.Equal("failed", source.Str("status"));
        var renamed = new
        {
            base_url = _hub.Upstream.BaseUrl.ToString().TrimEnd('/'),
            resources = new Dictionary<string, object> { ["crm/people"] = new { list = new { path = "/page/contacts", records_path = "$.data" } } },
        };
        var put = await TestRequest.Put("integrations/demo").Bearer(_hub.Key).Json(renamed).SendAsync(r => _hub.App.Function<IntegrationFunctions>().Put(r, "demo"));
        Assert.True(put.Status is 200 or 201, put.ToString());

        // A retry is planned when it is asked for, against the integration as it is now: crm/contacts is gone.
        var refused = await Retry(source.Str("id")!);

        Assert.True(refused.Status == 409, refused.ToString());
        Assert.Equal("conflict", refused.Str("code"));
        Assert.Contains("crm/contacts", refused.Str("detail"), StringComparison.Ordinal);
        var runs = await TestRequest.Get($"sync-job-run?sync_job_id={_job}").Bearer(_hub.Key).SendAsync(_hub.Runs.List);
        Assert.Single(runs.Json.GetProperty("data").EnumerateArray());
    }
}
