using System.Text.Json;
using SyncFunctions.Core.Runs;
using SyncFunctions.Definitions;
using SyncFunctions.Runs;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.Definitions;

namespace SyncFunctions.Tests.Runs;

/// <summary>The run object carries Census's sync run fields with DESIGN.md's meanings; runs are seeded in the store.</summary>
public sealed class RunCensusViewTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private string _env = "";
    private string _key = "";
    private string _jobId = "";
    private string _accountId = "";

    public async Task InitializeAsync()
    {
        var admin = new AdminClient(fixture.App);
        _env = await admin.NewEnvironmentAsync();
        (_, _key) = await admin.NewKeyAsync(_env, "integrations", "sync_jobs", "runs");
        await TestRequest.Put("integrations/crm").Bearer(_key).Json(DefinitionsApiTests.DemoIntegration()).SendAsync(r => fixture.App.Function<IntegrationFunctions>().Put(r, "crm"));
        _accountId = (await TestRequest.Post("integrated-accounts").Bearer(_key).Json(new { integration_name = "crm" }).SendAsync(fixture.App.Function<AccountFunctions>().Create)).Str("id")!;
        _jobId = (await TestRequest.Post("sync-job").Bearer(_key).Body("""{"integration_name":"crm","resources":[{"resource":"crm/contacts","method":"list"}]}""")
            .SendAsync(fixture.App.Function<SyncJobFunctions>().Create)).Str("id")!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<SyncJobRun> SeedAsync(Func<SyncJobRun, SyncJobRun> shape)
    {
        var queued = (await fixture.App.Get<RunPreparation>().PrepareAsync(
            _env, new CreateRunRequest(_jobId, _accountId, null, null, null, null, null, null), "Scheduled by cron trigger t1", default)).Run;
        var run = shape(queued);
        await fixture.App.Get<IRunStore>().CreateAsync(run, default);
        return run;
    }

    private Task<TestResponse> GetAsync(string id) =>
        TestRequest.Get($"sync-job-run/{id}").Bearer(_key).SendAsync(r => fixture.App.Function<RunFunctions>().Get(r, id));

    [Fact]
    public async Task A_completed_run_shows_every_census_field()
    {
        var scheduled = new DateTimeOffset(2026, 1, 2, 3, 4, 0, TimeSpan.Zero);
        var run = await SeedAsync(r => r with
        {
            Status = RunStatus.Completed,
            Counters = new RunCounters(15, 12, 2, 1, 14, 13, 1),
            StartedAt = r.CreatedAt,
            FinishedAt = scheduled.AddMinutes(1),
            ScheduledExecutionTime = scheduled,
            ErrorCode = "JSON_ARRAY_ERROR",
            ErrorMessage = "The array field is not valid JSON",
            ErrorDetail = "custom_field:Users",
        });

        var response = await GetAsync(run.Id);

        Assert.True(response.Status == 200, response.ToString());
        var json = response.Json;
        Assert.Equal(15, json.GetProperty("source_record_count").GetInt64());
        Assert.Equal(12, json.GetProperty("source_record_updates").GetInt64());
        Assert.Equal(2, json.GetProperty("source_record_deletes").GetInt64());
        Assert.Equal(1, json.GetProperty("source_record_invalids").GetInt64());
        Assert.Equal(14, json.GetProperty("records_processed").GetInt64());
        Assert.Equal(13, json.GetProperty("records_updated").GetInt64());
        Assert.Equal(1, json.GetProperty("records_failed").GetInt64());
        Assert.Equal("completed", response.Str("status"));
        Assert.Equal("completed", response.Str("census_status"));
        Assert.False(json.GetProperty("canceled").GetBoolean());
        Assert.True(json.GetProperty("full_sync").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("current_step").ValueKind);
        Assert.Equal("JSON_ARRAY_ERROR", response.Str("error_code"));
        Assert.Equal("The array field is not valid JSON", response.Str("error_message"));
        Assert.Equal("custom_field:Users", response.Str("error_detail"));
        Assert.Equal(scheduled, json.GetProperty("scheduled_execution_time").GetDateTimeOffset());
        Assert.Equal(run.FinishedAt, json.GetProperty("completed_at").GetDateTimeOffset());
        Assert.Equal("Scheduled by cron trigger t1", response.Str("trigger"));
    }

    [Theory]
    [InlineData(RunStatus.Queued, "created", "queued", false)]
    [InlineData(RunStatus.Running, "running", "working", false)]
    [InlineData(RunStatus.RateLimited, "running", "working", false)]
    [InlineData(RunStatus.Failed, "failed", "failed", false)]
    [InlineData(RunStatus.Stopped, "stopped", "failed", true)]
    public async Task Census_status_and_canceled_follow_the_design_table(RunStatus status, string truto, string census, bool canceled)
    {
        var run = await SeedAsync(r => r with { Status = status, CurrentStep = status.IsActive() ? "Running sync" : null });

        var response = await GetAsync(run.Id);

        Assert.Equal(truto, response.Str("status"));
        Assert.Equal(census, response.Str("census_status"));
        Assert.Equal(canceled, response.Json.GetProperty("canceled").GetBoolean());
        Assert.Equal(status.IsActive() ? "Running sync" : null, response.Str("current_step"));
        Assert.Equal(JsonValueKind.Null, response.Json.GetProperty("completed_at").ValueKind);
    }

    [Fact]
    public async Task Cancel_of_a_finished_run_is_409_and_of_another_environments_run_404()
    {
        var run = await SeedAsync(r => r with { Status = RunStatus.Completed, FinishedAt = r.CreatedAt });
        var admin = new AdminClient(fixture.App);
        var (_, otherKey) = await admin.NewKeyAsync(await admin.NewEnvironmentAsync(), "runs");
        var functions = fixture.App.Function<RunFunctions>();

        var finished = await TestRequest.Post($"sync-job-run/{run.Id}/cancel").Bearer(_key).SendAsync(r => functions.Cancel(r, null!, run.Id));
        var foreign = await TestRequest.Post($"sync-job-run/{run.Id}/cancel").Bearer(otherKey).SendAsync(r => functions.Cancel(r, null!, run.Id));

        Assert.Equal(409, finished.Status);
        Assert.Equal("run_finished", finished.Str("code"));
        Assert.Equal(404, foreign.Status);
        Assert.Equal("completed", (await GetAsync(run.Id)).Str("census_status"));
    }
}
