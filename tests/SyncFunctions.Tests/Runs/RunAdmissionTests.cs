using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using SyncFunctions.Core.Runs;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Runs.Orchestration;
using SyncFunctions.Status;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// Census's skipped runs and Idempotency-Key, through POST sync-job-run on the in-process Durable host: the demo
/// upstream is held slow so the first run is still active while the others arrive.
/// </summary>
public sealed class RunAdmissionTests(HubFixture hub) : IClassFixture<HubFixture>, IAsyncLifetime
{
    private RunScenario _hub = null!;
    private string _job = "";

    public async Task InitializeAsync()
    {
        _hub = await hub.StageDemoAsync(new DemoUpstreamOptions { Contacts = 30, Users = 1, Deals = 1 });
        _job = await _hub.CreateJobAsync(RunScenario.ContactsJob);
        _hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Delay(TimeSpan.FromMilliseconds(500)) });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private Task<TestResponse> CreateAsync(string? idempotencyKey = null, string? accountId = null)
    {
        var request = TestRequest.Post("sync-job-run").Bearer(_hub.Key).Json(new { sync_job_id = _job, integrated_account_id = accountId ?? _hub.AccountId });
        if (idempotencyKey is not null)
        {
            request.Header("Idempotency-Key", idempotencyKey);
        }

        return request.SendAsync(r => _hub.Runs.Create(r, _hub.App.DurableClient));
    }

    private async Task<OrchestrationRuntimeStatus> FinishAsync(string runId)
    {
        _hub.Upstream.Faults.Clear();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return (await _hub.App.DurableClient.WaitForInstanceCompletionAsync(runId, timeout.Token)).RuntimeStatus;
    }

    [Fact]
    public async Task A_person_marks_a_run_manual_and_any_other_trigger_header_is_refused_before_anything_is_stored()
    {
        var refused = await TestRequest.Post("sync-job-run").Bearer(_hub.Key).Json(new { sync_job_id = _job, integrated_account_id = _hub.AccountId })
            .Header(RunTriggers.Header, "cron").SendAsync(r => _hub.Runs.Create(r, _hub.App.DurableClient));

        Assert.Equal(400, refused.Status);
        Assert.Equal(RunTriggers.Header, refused.Str("field"));
        var none = await TestRequest.Get($"sync-job-run?sync_job_id={_job}").Bearer(_hub.Key).SendAsync(_hub.Runs.List);
        Assert.Equal(0, none.Json.GetProperty("data").GetArrayLength());

        var manual = await TestRequest.Post("sync-job-run").Bearer(_hub.Key).Json(new { sync_job_id = _job, integrated_account_id = _hub.AccountId })
            .Header(RunTriggers.Header, "manual").SendAsync(r => _hub.Runs.Create(r, _hub.App.DurableClient));

        Assert.True(manual.Status == 201, manual.ToString());
        Assert.Equal(RunTriggers.Manual, manual.Str("trigger"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, await FinishAsync(manual.Str("id")!));
        Assert.Equal(RunTriggers.Manual, (await _hub.GetRunAsync(manual.Str("id")!)).Str("trigger"));
    }

    [Fact]
    public async Task A_run_created_while_the_job_and_account_run_is_recorded_skipped_and_never_started()
    {
        var first = await CreateAsync();
        var second = await CreateAsync();

        Assert.Equal(201, first.Status);
        Assert.StartsWith("API key ", first.Str("trigger"), StringComparison.Ordinal);
        Assert.DoesNotContain(_hub.Key, first.Body, StringComparison.Ordinal);
        Assert.True(second.Status == 201, second.ToString());
        Assert.Equal("skipped", second.Str("census_status"));
        Assert.Equal("skipped", second.Str("status"));
        Assert.Null(second.Str("started_at"));
        Assert.NotNull(second.Str("finished_at"));
        Assert.Null(await _hub.App.DurableClient.GetInstanceAsync(second.Str("id")!));
        Assert.Equal("skipped", (await _hub.GetRunAsync(second.Str("id")!)).Str("census_status"));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, await FinishAsync(first.Str("id")!));
        var third = await CreateAsync();
        Assert.Equal("queued", third.Str("census_status"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, await FinishAsync(third.Str("id")!));
        Assert.Equal("completed", (await _hub.GetRunAsync(third.Str("id")!)).Str("status"));
    }

    [Fact]
    public async Task Braze_job_sync_status_shows_a_real_run_and_leaves_out_the_skipped_one()
    {
        var first = await CreateAsync();
        await CreateAsync();
        var (_, statusKey) = await new Admin.AdminClient(_hub.App).NewKeyAsync(_hub.EnvironmentId, "status");
        var function = _hub.App.Function<JobSyncStatusFunction>();
        Task<TestResponse> StatusAsync() => TestRequest.Get($"sync-job/{_job}/job_sync_status").Bearer(statusKey).SendAsync(r => function.List(r, _job));

        var during = await StatusAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, await FinishAsync(first.Str("id")!));
        var after = await StatusAsync();

        Assert.Equal("running", Assert.Single(during.Json.GetProperty("results").EnumerateArray()).GetProperty("job_status").GetString());
        var item = Assert.Single(after.Json.GetProperty("results").EnumerateArray());
        Assert.Equal("success", item.GetProperty("job_status").GetString());
        Assert.Equal(30, item.GetProperty("rows_synced").GetInt64());
        Assert.Equal(0, item.GetProperty("rows_failed_with_errors").GetInt64());
        Assert.NotNull(item.GetProperty("sync_finish_time").GetString());
        Assert.NotNull(item.GetProperty("last_timestamp_synced").GetString());
    }

    [Fact]
    public async Task A_run_whose_orchestration_cannot_be_scheduled_fails_at_once_and_frees_the_slot()
    {
        // The orchestration backend refuses work: the narrow seam is the Durable client only.
        var broken = new Mock<DurableTaskClient>("broken");
        broken.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("task hub unavailable"));
        var request = new CreateRunRequest(_job, _hub.AccountId, null, null, null, null, null, null);

        var refused = await Assert.ThrowsAsync<Core.Errors.ApiException>(() => _hub.App.Get<RunStarter>().StartAsync(_hub.EnvironmentId, request, "Manual", null, SyncJobRunOrchestrator.Scheduler(broken.Object), default));
        Assert.Equal(503, SyncFunctions.Http.Pipeline.ProblemStatus.Of(refused.Kind));
        var next = await CreateAsync();

        var list = await TestRequest.Get($"sync-job-run?sync_job_id={_job}&status=failed").Bearer(_hub.Key).SendAsync(_hub.Runs.List);
        var failed = Assert.Single(list.Json.GetProperty("data").EnumerateArray());
        Assert.Equal(ReconcileErrorCodes.OrchestrationMissing, failed.GetProperty("error_code").GetString());
        Assert.Equal("queued", next.Str("census_status"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, await FinishAsync(next.Str("id")!));
    }

    [Fact]
    public async Task Of_concurrent_creates_exactly_one_starts()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => CreateAsync())));

        Assert.All(responses, r => Assert.True(r.Status == 201, r.ToString()));
        var started = responses.Where(r => r.Str("census_status") == "queued").ToList();
        Assert.Single(started);
        Assert.Equal(5, responses.Count(r => r.Str("census_status") == "skipped"));
        foreach (var skipped in responses.Where(r => r.Str("census_status") == "skipped"))
        {
            Assert.Null(await _hub.App.DurableClient.GetInstanceAsync(skipped.Str("id")!));
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, await FinishAsync(started[0].Str("id")!));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_original_run_with_200_and_the_same_body()
    {
        var first = await CreateAsync("order-42");
        var again = await CreateAsync("order-42");
        var other = await CreateAsync("order-43");

        Assert.Equal(201, first.Status);
        Assert.True(again.Status == 200, again.ToString());
        Assert.Equal(first.Body, again.Body);
        Assert.Equal("skipped", other.Str("census_status"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, await FinishAsync(first.Str("id")!));

        var afterwards = await CreateAsync("order-42");
        Assert.Equal(200, afterwards.Status);
        Assert.Equal(first.Body, afterwards.Body);
        var list = await TestRequest.Get($"sync-job-run?sync_job_id={_job}").Bearer(_hub.Key).SendAsync(_hub.Runs.List);
        Assert.Equal(2, list.Json.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Idempotency_keys_are_per_environment_and_bound_to_their_job_and_account()
    {
        var first = await CreateAsync("shared-key");
        var store = _hub.App.Get<IIdempotencyStore>();

        Assert.NotNull(await store.GetAsync(_hub.EnvironmentId, "shared-key", default));
        Assert.Null(await store.GetAsync("another-environment", "shared-key", default));
        var account = await TestRequest.Post("integrated-accounts").Bearer(_hub.Key)
            .Json(new { integration_name = "demo", credentials = new Dictionary<string, string> { ["token"] = RunScenario.DemoToken } })
            .SendAsync(_hub.App.Function<SyncFunctions.Definitions.AccountFunctions>().Create);
        var reused = await CreateAsync("shared-key", account.Str("id"));
        Assert.Equal(409, reused.Status);
        Assert.Equal("idempotency_key_reused", reused.Str("code"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, await FinishAsync(first.Str("id")!));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    public async Task A_malformed_idempotency_key_is_a_400_naming_the_header(string key)
    {
        var response = await CreateAsync(key);

        Assert.Equal(400, response.Status);
        Assert.Equal("Idempotency-Key", response.Str("field"));
        var list = await TestRequest.Get($"sync-job-run?sync_job_id={_job}").Bearer(_hub.Key).SendAsync(_hub.Runs.List);
        Assert.Equal(0, list.Json.GetProperty("data").GetArrayLength());
    }
}
