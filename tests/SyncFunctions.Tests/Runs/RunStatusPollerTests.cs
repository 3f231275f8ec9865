using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Runs;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Runs;
using SyncFunctions.Testing;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// The status poller against real orchestrations on the in-process Durable host: progress of a running run, runs whose
/// orchestration was terminated behind the API's back or never existed, and two pollers racing over the same runs.
/// </summary>
public sealed class RunStatusPollerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly FinishedRuns _finished = new();
    private RunScenario _hub = null!;
    private string _job = "";

    public async Task InitializeAsync()
    {
        _hub = await RunScenario.StartDemoAsync(
            azurite,
            new DemoUpstreamOptions { Contacts = 60, Users = 5, Deals = 5 },
            services: s => s.AddSingleton<IRunObserver>(_finished));
        _job = await _hub.CreateJobAsync("""
            {"integration_name":"demo","resources":[
              {"resource":"crm/deals","method":"list"},
              {"resource":"crm/contacts","method":"list"}]}
            """);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private RunStatusPoller Poller => _hub.App.Get<RunStatusPoller>();

    private DurableRunInstanceReader Instances => new(_hub.App.DurableClient);

    [Fact]
    public async Task The_poller_writes_progress_of_a_running_run_then_reconciles_it_when_terminated_behind_the_api()
    {
        // Contacts answer slowly, so the run sits mid-way with deals done.
        _hub.Upstream.Faults.Add("/page/contacts", Fault.Delay(TimeSpan.FromSeconds(10)));
        var id = await _hub.StartRunAsync(_job);
        await WaitForProgressAsync(id);

        var results = await Task.WhenAll(Poller.PollAsync(Instances, default), Poller.PollAsync(Instances, default));

        Assert.InRange(results.Sum(r => r.Updated), 1, 2);
        var running = await _hub.GetRunAsync(id);
        Assert.Equal("running", running.Str("status"));
        Assert.Equal("Syncing crm/deals (list)", running.Str("current_step"));
        var deals = running.Json.GetProperty("resource_stats").GetProperty("crm/deals").GetProperty("list");
        Assert.Equal(5, deals.GetProperty("fetched").GetInt64());
        Assert.Equal(5, deals.GetProperty("persisted").GetInt64());
        Assert.Equal(5, running.Json.GetProperty("source_record_count").GetInt64());

        // Unchanged progress is not rewritten.
        Assert.Equal(0, (await Poller.PollAsync(Instances, default)).Updated);

        await _hub.App.DurableClient.TerminateInstanceAsync(id, "behind the API's back");
        await _hub.App.DurableClient.WaitForInstanceCompletionAsync(id);
        var reconciled = await Task.WhenAll(Poller.PollAsync(Instances, default), Poller.PollAsync(Instances, default));

        Assert.Equal(1, reconciled.Sum(r => r.Reconciled));
        var failed = await _hub.GetRunAsync(id);
        Assert.Equal("failed", failed.Str("status"));
        Assert.Equal(ReconcileErrorCodes.OrchestrationTerminated, failed.Str("error_code"));
        Assert.NotNull(failed.Str("finished_at"));
        Assert.Equal(5, failed.Json.GetProperty("source_record_count").GetInt64());
        Assert.Equal([RunStatus.Failed], _finished.For(id));
        Assert.DoesNotContain(await ActiveAsync(), r => r.RunId == id);
    }

    [Fact]
    public async Task A_run_that_finishes_on_its_own_leaves_the_index_and_the_poller_does_not_touch_it()
    {
        var run = await _hub.RunAsync(_job);
        var id = run.Str("id")!;
        Assert.DoesNotContain(await ActiveAsync(), r => r.RunId == id);

        // Even with a stale index entry, a final run is never moved or rewritten. Just after its finish the entry is
        // left to the announcer; long after, the finish notice counts as lost and observers are told again.
        await _hub.App.Get<IActiveRunIndex>().AddAsync(new ActiveRunRef(_hub.EnvironmentId, id), default);
        var result = await Poller.PollAsync(Instances, default);

        Assert.Equal(0, result.Updated + result.Reconciled);
        Assert.Contains(await ActiveAsync(), r => r.RunId == id);
        Assert.Equal([RunStatus.Completed], _finished.For(id));

        var store = _hub.App.Get<IRunStore>();
        var (stored, etag) = (await store.GetForUpdateAsync(_hub.EnvironmentId, id, default))!.Value;
        await store.ReplaceAsync(stored with { FinishedAt = stored.FinishedAt - RunStatusPoller.LostNoticeGrace - TimeSpan.FromSeconds(5) }, etag, default);
        result = await Poller.PollAsync(Instances, default);

        Assert.Equal(0, result.Updated + result.Reconciled);
        var after = await _hub.GetRunAsync(id);
        Assert.Equal("completed", after.Str("status"));
        Assert.Equal(run.Str("updated_at"), after.Str("updated_at"));
        Assert.DoesNotContain(await ActiveAsync(), r => r.RunId == id);
        Assert.Equal([RunStatus.Completed, RunStatus.Completed], _finished.For(id));
    }

    [Fact]
    public async Task A_run_without_an_orchestration_fails_as_missing_only_after_the_grace_period()
    {
        var now = DateTimeOffset.UtcNow;
        var old = await StoreOrphanAsync("orphan-old", now - RunStatusPoller.MissingGrace - TimeSpan.FromMinutes(1));
        var fresh = await StoreOrphanAsync("orphan-new", now);

        var results = await Task.WhenAll(Poller.PollAsync(Instances, default), Poller.PollAsync(Instances, default));

        Assert.Equal(1, results.Sum(r => r.Reconciled));
        var runs = _hub.App.Get<IRunStore>();
        var reconciled = (await runs.GetAsync(_hub.EnvironmentId, old, default))!;
        Assert.Equal(RunStatus.Failed, reconciled.Status);
        Assert.Equal(ReconcileErrorCodes.OrchestrationMissing, reconciled.ErrorCode);
        Assert.Equal(RunStatus.Queued, (await runs.GetAsync(_hub.EnvironmentId, fresh, default))!.Status);
        var active = await ActiveAsync();
        Assert.DoesNotContain(active, r => r.RunId == old);
        Assert.Contains(active, r => r.RunId == fresh);
        Assert.Equal([RunStatus.Failed], _finished.For(old));
    }

    private async Task<string> StoreOrphanAsync(string id, DateTimeOffset createdAt)
    {
        var run = new SyncJobRun
        {
            Id = id,
            EnvironmentId = _hub.EnvironmentId,
            SyncJobId = _job,
            IntegratedAccountId = _hub.AccountId,
            Args = new JsonObject(),
            Resources = [],
            Status = RunStatus.Queued,
            ErrorHandling = ErrorHandlingModes.FailFast,
            Trigger = "test",
            CreatedAt = createdAt,
            UpdatedAt = createdAt,
        };
        await _hub.App.Get<IRunStore>().CreateAsync(run, default);
        await _hub.App.Get<IActiveRunIndex>().AddAsync(new ActiveRunRef(_hub.EnvironmentId, id), default);
        return id;
    }

    private async Task WaitForProgressAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var instance = await _hub.App.DurableClient.GetInstanceAsync(id, getInputsAndOutputs: true, timeout.Token);
            if (instance?.SerializedCustomStatus is not null)
            {
                Assert.Equal(OrchestrationRuntimeStatus.Running, instance.RuntimeStatus);
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private async Task<List<ActiveRunRef>> ActiveAsync()
    {
        var list = new List<ActiveRunRef>();
        await foreach (var r in _hub.App.Get<IActiveRunIndex>().ListAsync(default))
        {
            list.Add(r);
        }

        return list;
    }

    /// <summary>Final transitions announced, per run: each must be announced exactly once.</summary>
    private sealed class FinishedRuns : IRunObserver
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<RunStatus>> _runs = new();

        public List<RunStatus> For(string id) => _runs.TryGetValue(id, out var q) ? [.. q] : [];

        public Task OnRunChangedAsync(SyncJobRun run, RunTransition transition, CancellationToken ct)
        {
            if (transition == RunTransition.Finished)
            {
                _runs.GetOrAdd(run.Id, _ => new ConcurrentQueue<RunStatus>()).Enqueue(run.Status);
            }

            return Task.CompletedTask;
        }
    }
}
