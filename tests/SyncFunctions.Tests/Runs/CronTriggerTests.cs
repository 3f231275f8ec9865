using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using SyncFunctions.Core.CronTriggers;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Runs;
using SyncFunctions.Definitions;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Runs;
using SyncFunctions.Schedules;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// Cron triggers over the API, and the scheduler against Azurite and real orchestrations: a due trigger starts exactly
/// one run however many scheduler executions race for it, a trigger not yet due starts none.
/// The class shares one hub; the scheduler reads the due triggers of every environment in it, so each test deletes
/// the triggers it leaves behind (its environment's) when it ends.
/// </summary>
public sealed class CronTriggerTests(HubFixture hub) : IClassFixture<HubFixture>, IAsyncLifetime
{
    private RunScenario _hub = null!;
    private string _job = "";

    public async Task InitializeAsync()
    {
        _hub = await hub.StageDemoAsync(new DemoUpstreamOptions { Contacts = 3, Users = 2, Deals = 4 });
        _job = await _hub.CreateJobAsync("""{"integration_name":"demo","resources":[{"resource":"crm/deals","method":"list"}]}""");
    }

    public async Task DisposeAsync()
    {
        var store = _hub.App.Get<ICronTriggerStore>();
        string? continuation = null;
        do
        {
            var page = await store.ListAsync(_hub.EnvironmentId, 100, continuation, default);
            foreach (var trigger in page.Items)
            {
                await store.DeleteAsync(_hub.EnvironmentId, trigger.Id, default);
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        await _hub.DisposeAsync();
    }

    private CronTriggerFunctions Triggers => _hub.App.Function<CronTriggerFunctions>();

    private CronScheduler Scheduler => _hub.App.Get<CronScheduler>();

    private Task<TestResponse> CreateAsync(object body, string? key = null) =>
        TestRequest.Post("sync-job-cron-trigger").Bearer(key ?? _hub.Key).Json(body).SendAsync(Triggers.Create);

    private Task<TestResponse> GetAsync(string id, string? key = null) =>
        TestRequest.Get($"sync-job-cron-trigger/{id}").Bearer(key ?? _hub.Key).SendAsync(r => Triggers.Get(r, id));

    private async Task<string> CreateTriggerAsync(string cron, string? job = null)
    {
        var created = await CreateAsync(new { sync_job_id = job ?? _job, integrated_account_id = _hub.AccountId, cron_expression = cron });
        Assert.True(created.Status == 201, created.ToString());
        return created.Str("id")!;
    }

    private static DateTimeOffset Time(TestResponse response, string property) =>
        response.Json.GetProperty(property).GetDateTimeOffset();

    [Fact]
    public async Task A_trigger_is_created_read_listed_changed_and_deleted()
    {
        var before = DateTimeOffset.UtcNow;
        var created = await CreateAsync(new
        {
            sync_job_id = _job,
            integrated_account_id = _hub.AccountId,
            args = new { since = "2026-01-01" },
            cron_expression = "*/15 * * * *",
            daemon_group_key = "nightly",
        });

        Assert.Equal(201, created.Status);
        var id = created.Str("id")!;
        Assert.Equal(_job, created.Str("sync_job_id"));
        Assert.Equal(_hub.AccountId, created.Str("integrated_account_id"));
        Assert.Equal("2026-01-01", created.Json.GetProperty("args").GetProperty("since").GetString());
        Assert.Equal("*/15 * * * *", created.Str("cron_expression"));
        Assert.Equal("nightly", created.Str("daemon_group_key"));
        Assert.Equal(JsonValueKind.Null, created.Json.GetProperty("last_run_at").ValueKind);
        var next = Time(created, "next_run_at");
        Assert.Equal(CronSchedule.Next("*/15 * * * *", before), next);
        Assert.InRange(next - before, TimeSpan.Zero, TimeSpan.FromMinutes(15));

        Assert.Equal(created.Body, (await GetAsync(id)).Body);
        var list = await TestRequest.Get("sync-job-cron-trigger").Bearer(_hub.Key).SendAsync(Triggers.List);
        Assert.Equal(200, list.Status);
        Assert.Contains(list.Json.GetProperty("data").EnumerateArray(), t => t.GetProperty("id").GetString() == id);

        var patched = await TestRequest.Patch($"sync-job-cron-trigger/{id}").Bearer(_hub.Key)
            .Json(new { cron_expression = "0 3 1 1 *", webhook_id = (string?)null })
            .SendAsync(r => Triggers.Update(r, id));
        Assert.True(patched.Status == 200, patched.ToString());
        Assert.Equal("0 3 1 1 *", patched.Str("cron_expression"));
        Assert.Equal(CronSchedule.Next("0 3 1 1 *", DateTimeOffset.UtcNow), Time(patched, "next_run_at"));
        Assert.Equal("nightly", patched.Str("daemon_group_key"));
        Assert.Equal(created.Str("created_at"), patched.Str("created_at"));
        Assert.True(Time(patched, "updated_at") >= Time(created, "updated_at"));

        var deleted = await TestRequest.Delete($"sync-job-cron-trigger/{id}").Bearer(_hub.Key).SendAsync(r => Triggers.Delete(r, id));
        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, (await GetAsync(id)).Status);
        Assert.Equal(404, (await TestRequest.Delete($"sync-job-cron-trigger/{id}").Bearer(_hub.Key).SendAsync(r => Triggers.Delete(r, id))).Status);
    }

    [Theory]
    [InlineData("not a cron", "invalid")]
    [InlineData("0 * * * * *", "invalid")] // seconds: the scheduler has minute resolution
    [InlineData("61 * * * *", "invalid")]
    [InlineData("0 0 30 2 *", "invalid")] // never occurs
    [InlineData("", "required")]
    public async Task A_bad_cron_expression_is_400_on_cron_expression(string cron, string code)
    {
        var response = await CreateAsync(new { sync_job_id = _job, integrated_account_id = _hub.AccountId, cron_expression = cron });

        Assert.True(response.Status == 400, response.ToString());
        var error = Assert.Single(response.Json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "cron_expression");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task Unknown_jobs_accounts_and_other_environments_are_refused()
    {
        var unknownJob = await CreateAsync(new { sync_job_id = Guid.NewGuid().ToString(), integrated_account_id = _hub.AccountId, cron_expression = "0 * * * *" });
        var unknownAccount = await CreateAsync(new { sync_job_id = _job, integrated_account_id = Guid.NewGuid().ToString(), cron_expression = "0 * * * *" });
        var both = await CreateAsync(new { sync_job_id = _job, integrated_account_id = _hub.AccountId, cron_expression = "0 * * * *", webhook_id = "w", daemon_group_key = "d" });
        var unknownField = await CreateAsync(new { sync_job_id = _job, integrated_account_id = _hub.AccountId, cron_expression = "0 * * * *", timezone = "CET" });

        Assert.Equal((404, "sync_job_id"), (unknownJob.Status, unknownJob.Str("field")));
        Assert.Equal((404, "integrated_account_id"), (unknownAccount.Status, unknownAccount.Str("field")));
        Assert.Equal((400, "webhook_id"), (both.Status, both.Str("field")));
        Assert.Equal(400, unknownField.Status);
        Assert.Empty(await ListAsync());

        // Another environment sees neither this environment's triggers nor its jobs.
        var admin = new AdminClient(_hub.App);
        var other = (await admin.NewKeyAsync(await admin.NewEnvironmentAsync(), "sync_jobs")).Token;
        var id = await CreateTriggerAsync("0 * * * *");
        var foreignCreate = await CreateAsync(new { sync_job_id = _job, integrated_account_id = _hub.AccountId, cron_expression = "0 * * * *" }, other);
        var foreignPatch = await TestRequest.Patch($"sync-job-cron-trigger/{id}").Bearer(other).Json(new { cron_expression = "5 * * * *" })
            .SendAsync(r => Triggers.Update(r, id));
        var foreignDelete = await TestRequest.Delete($"sync-job-cron-trigger/{id}").Bearer(other).SendAsync(r => Triggers.Delete(r, id));

        Assert.Equal((404, "sync_job_id"), (foreignCreate.Status, foreignCreate.Str("field")));
        Assert.Equal(404, (await GetAsync(id, other)).Status);
        Assert.Equal(404, foreignPatch.Status);
        Assert.Equal(404, foreignDelete.Status);
        Assert.Equal("0 * * * *", (await GetAsync(id)).Str("cron_expression"));

        var badPatch = await TestRequest.Patch($"sync-job-cron-trigger/{id}").Bearer(_hub.Key).Json(new { cron_expression = "every hour" })
            .SendAsync(r => Triggers.Update(r, id));
        Assert.Equal((400, "cron_expression"), (badPatch.Status, badPatch.Str("field")));
        Assert.Equal("0 * * * *", (await GetAsync(id)).Str("cron_expression"));
    }

    [Fact]
    public async Task A_due_trigger_starts_exactly_one_run_when_two_schedulers_race_and_a_trigger_not_due_starts_none()
    {
        var due = await CreateTriggerAsync("*/5 * * * *");
        var notDue = await CreateTriggerAsync("0 0 1 1 *");
        var notDueBefore = await GetAsync(notDue);
        // The schedule came due a while ago (missed occurrences included): one run for the latest claimed due time.
        var dueAt = Minute(DateTimeOffset.UtcNow.AddHours(-2));
        await MakeDueAsync(due, dueAt);

        // Two scheduler instances that both read the due trigger before either claims it: the worst interleaving.
        var store = new ReadTogether(_hub.App.Get<ICronTriggerStore>(), readers: 2);
        var schedulers = Enumerable.Range(0, 2).Select(_ => new CronScheduler(store, _hub.App.Get<RunStarter>(), TimeProvider.System, NullLogger<CronScheduler>.Instance));
        var firedAt = DateTimeOffset.UtcNow;
        var results = await Task.WhenAll(schedulers.Select(s => s.FireDueAsync(_hub.App.DurableClient, default)));

        Assert.Equal(2, store.Reads);
        Assert.Equal([1, 1], results.Select(r => r.Due));
        Assert.Equal(1, results.Sum(r => r.Started));
        Assert.Equal(0, results.Sum(r => r.Failed));
        var trigger = await GetAsync(due);
        Assert.Equal(dueAt, Time(trigger, "last_run_at"));
        Assert.True(Time(trigger, "next_run_at") > firedAt);
        Assert.Null(trigger.Str("last_error"));
        var runs = await RunsAsync();
        var run = Assert.Single(runs);
        Assert.Equal(trigger.Str("last_run_id"), run.GetProperty("id").GetString());
        Assert.Equal($"Scheduled by cron trigger {due}", run.GetProperty("trigger").GetString());
        Assert.Equal(dueAt, run.GetProperty("scheduled_execution_time").GetDateTimeOffset());
        Assert.Equal(_hub.AccountId, run.GetProperty("integrated_account_id").GetString());

        // The run is a real one, and the claimed due time does not fire again.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var state = await _hub.App.DurableClient.WaitForInstanceCompletionAsync(trigger.Str("last_run_id")!, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal("completed", (await _hub.GetRunAsync(trigger.Str("last_run_id")!)).Str("status"));
        Assert.Equal(0, (await Scheduler.FireDueAsync(_hub.App.DurableClient, default)).Started);
        Assert.Single(await RunsAsync());
        Assert.Equal(notDueBefore.Body, (await GetAsync(notDue)).Body);
    }

    [Fact]
    public async Task A_due_trigger_whose_account_vanished_records_why_and_moves_on()
    {
        var id = await CreateTriggerAsync("* * * * *");
        // Gone from storage behind the API's back (the API's delete would take the trigger with it).
        Assert.True(await _hub.App.Get<Core.Accounts.IAccountStore>().DeleteAsync(_hub.EnvironmentId, _hub.AccountId, default));
        var dueAt = Minute(DateTimeOffset.UtcNow.AddMinutes(-1));
        await MakeDueAsync(id, dueAt);

        var firedAt = DateTimeOffset.UtcNow;
        var result = await Scheduler.FireDueAsync(_hub.App.DurableClient, default);

        Assert.Equal((0, 1), (result.Started, result.Failed));
        var trigger = await GetAsync(id);
        Assert.Contains("account", trigger.Str("last_error"), StringComparison.OrdinalIgnoreCase);
        Assert.Null(trigger.Str("last_run_id"));
        Assert.Equal(dueAt, Time(trigger, "last_run_at"));
        Assert.True(Time(trigger, "next_run_at") > firedAt);
        Assert.Empty(await RunsAsync());
    }

    [Fact]
    public async Task Deleting_a_sync_job_or_an_account_deletes_their_triggers_and_no_others()
    {
        var job = await _hub.CreateJobAsync(RunScenario.ContactsJob);
        var ofJob = await CreateTriggerAsync("* * * * *", job);
        var ofOtherJob = await CreateTriggerAsync("0 * * * *");

        var deletedJob = await TestRequest.Delete($"sync-job/{job}").Bearer(_hub.Key).SendAsync(r => _hub.App.Function<SyncJobFunctions>().Delete(r, job));

        Assert.Equal(204, deletedJob.Status);
        Assert.Equal(404, (await GetAsync(ofJob)).Status);
        Assert.Equal(200, (await GetAsync(ofOtherJob)).Status);

        var deletedAccount = await TestRequest.Delete($"integrated-accounts/{_hub.AccountId}").Bearer(_hub.Key)
            .SendAsync(r => _hub.App.Function<AccountFunctions>().Delete(r, _hub.AccountId));

        Assert.Equal(204, deletedAccount.Status);
        Assert.Equal(404, (await GetAsync(ofOtherJob)).Status);
    }

    /// <summary>Due times are whole minutes, as cron occurrences are.</summary>
    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    [Fact]
    public async Task A_trigger_whose_run_cannot_start_does_not_cost_the_others_their_due_time()
    {
        var first = await CreateTriggerAsync("* * * * *");
        var second = await CreateTriggerAsync("* * * * *");
        var dueAt = Minute(DateTimeOffset.UtcNow.AddMinutes(-1));
        await MakeDueAsync(first, dueAt);
        await MakeDueAsync(second, dueAt);
        // The orchestration backend refuses work: the narrow seam here is the Durable client only.
        var client = new Mock<DurableTaskClient>("broken");
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("task hub unavailable"));

        var firedAt = DateTimeOffset.UtcNow;
        var result = await Scheduler.FireDueAsync(client.Object, default);

        Assert.Equal((2, 0, 2), (result.Due, result.Started, result.Failed));
        foreach (var id in new[] { first, second })
        {
            var trigger = await GetAsync(id);
            Assert.Equal(dueAt, Time(trigger, "last_run_at"));
            Assert.True(Time(trigger, "next_run_at") > firedAt);
            Assert.Contains("could not be started", trigger.Str("last_error"));
            Assert.DoesNotContain("task hub", trigger.Body);
        }
    }

    private async Task MakeDueAsync(string id, DateTimeOffset at)
    {
        var store = _hub.App.Get<ICronTriggerStore>();
        var (trigger, etag) = (await store.GetForUpdateAsync(_hub.EnvironmentId, id, default))!.Value;
        await store.ReplaceAsync(trigger with { NextRunAt = at }, etag, default);
    }

    private async Task<List<JsonElement>> ListAsync()
    {
        var list = await TestRequest.Get("sync-job-cron-trigger").Bearer(_hub.Key).SendAsync(Triggers.List);
        Assert.Equal(200, list.Status);
        return [.. list.Json.GetProperty("data").EnumerateArray()];
    }

    private async Task<List<JsonElement>> RunsAsync(string? job = null)
    {
        var list = await TestRequest.Get($"sync-job-run?sync_job_id={job ?? _job}").Bearer(_hub.Key).SendAsync(_hub.Runs.List);
        Assert.Equal(200, list.Status);
        return [.. list.Json.GetProperty("data").EnumerateArray()];
    }

    /// <summary>The real store, except that the first <c>readers</c> reads of a trigger wait for each other.</summary>
    private sealed class ReadTogether(ICronTriggerStore inner, int readers) : ICronTriggerStore
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public int Reads => Math.Min(Volatile.Read(ref _arrived), readers);

        public async Task<(CronTrigger Trigger, string ETag)?> GetForUpdateAsync(string environmentId, string id, CancellationToken ct)
        {
            var found = await inner.GetForUpdateAsync(environmentId, id, ct);
            var arrived = Interlocked.Increment(ref _arrived);
            if (arrived <= readers)
            {
                if (arrived == readers)
                {
                    _all.TrySetResult();
                }

                // A guard against a hang, not a timing assertion.
                await _all.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            }

            return found;
        }

        public Task CreateAsync(CronTrigger trigger, CancellationToken ct) => inner.CreateAsync(trigger, ct);

        public Task ReplaceAsync(CronTrigger trigger, string etag, CancellationToken ct) => inner.ReplaceAsync(trigger, etag, ct);

        public Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct) => inner.DeleteAsync(environmentId, id, ct);

        public Task<StorePage<CronTrigger>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct) =>
            inner.ListAsync(environmentId, limit, continuation, ct);

        public IAsyncEnumerable<CronTrigger> ListDueAsync(DateTimeOffset now, CancellationToken ct) => inner.ListDueAsync(now, ct);
    }
}
