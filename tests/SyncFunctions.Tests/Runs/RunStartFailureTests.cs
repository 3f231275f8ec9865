using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Testing;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Runs;

/// <summary>POST sync-job-run when the orchestration backend refuses work (the Durable client is the only seam).</summary>
public sealed class RunStartFailureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_run_whose_orchestration_cannot_be_scheduled_is_a_503_the_run_is_failed_and_the_job_is_free_again()
    {
        await using var hub = await RunScenario.StartAsync(azurite, new DemoUpstreamOptions { Contacts = 5 }, RunScenario.PagedContacts());
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        var broken = new Mock<DurableTaskClient>("broken");
        broken.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("task hub unavailable at 10.0.0.7"));

        var refused = await TestRequest.Post("sync-job-run").Bearer(hub.Key).Json(new { sync_job_id = job, integrated_account_id = hub.AccountId })
            .SendAsync(r => hub.Runs.Create(r, broken.Object));

        Assert.Equal(503, refused.Status);
        Assert.Equal("orchestration_unavailable", refused.Str("code"));
        Assert.Equal("5", refused.Header("Retry-After"));
        Assert.DoesNotContain("10.0.0.7", refused.Body);
        var list = await TestRequest.Get($"sync-job-run?sync_job_id={job}").Bearer(hub.Key).SendAsync(r => hub.Runs.List(r));
        var failed = Assert.Single(list.Json.GetProperty("data").EnumerateArray());
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("orchestration_missing", failed.GetProperty("error_code").GetString());

        var next = await hub.RunAsync(job); // the slot was freed: this one is not skipped
        Assert.Equal("completed", next.Str("status"));
    }
}

/// <summary>An observer that fails (its storage blinked) must not keep a stored run from being started.</summary>
public sealed class RunObserverFailureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private sealed class BrokenObserver : Core.Runs.IRunObserver
    {
        public int Calls;

        public Task OnRunChangedAsync(Core.Runs.SyncJobRun run, Core.Runs.RunTransition transition, CancellationToken ct)
        {
            Interlocked.Increment(ref Calls);
            throw new InvalidOperationException("index table unavailable");
        }
    }

    [Fact]
    public async Task A_failing_observer_does_not_keep_the_run_from_starting_and_completing()
    {
        var broken = new BrokenObserver();
        await using var hub = await RunScenario.StartAsync(azurite, new DemoUpstreamOptions { Contacts = 5 }, RunScenario.PagedContacts(), services: s => s.AddSingleton<Core.Runs.IRunObserver>(broken));
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);

        var run = await hub.RunAsync(job);

        Assert.Equal("completed", run.Str("status"));
        Assert.Equal(5, run.Json.GetProperty("source_record_count").GetInt64());
        Assert.True(broken.Calls >= 1);
    }
}
