using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Concurrency;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Runs;
using SyncFunctions.Definitions;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Runs;
using SyncFunctions.Storage.Tables;
using SyncFunctions.Testing;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// Concurrency suite: four runs of one environment (four integrated accounts of one integration, one job) ingest at
/// once against a real upstream on loopback, while loops read everything a client or the dashboard reads — each run,
/// the run list, Braze's job_sync_status, the error ledgers, the records, ActiveCampaign's connections, jobs, accounts —
/// and two status pollers (two instances' timers) write the runs' progress as the orchestrations write theirs. No
/// answer may be a 5xx, and every 4xx is problem+json but Braze's own rate-limit answer of job_sync_status.
/// </summary>
public sealed class ConcurrentRunsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int Runs = 4;
    private const int Contacts = 300;

    [Fact]
    public async Task Four_runs_of_one_environment_at_once_are_read_and_polled_without_a_server_error()
    {
        await using var hub = await RunScenario.StartAsync(azurite, new DemoUpstreamOptions { Contacts = Contacts }, RunScenario.PagedContacts(pageSize: 50, trackDeletes: true));
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        // Slow pages keep the four runs ingesting side by side for a while.
        hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Delay(TimeSpan.FromMilliseconds(300)) });
        var reader = (await new AdminClient(hub.App).NewKeyAsync(hub.EnvironmentId, "integrations", "sync_jobs", "runs", "status", "records")).Token;
        var accounts = new List<string> { hub.AccountId };
        for (var i = 1; i < Runs; i++)
        {
            var account = await TestRequest.Post("integrated-accounts").Bearer(hub.Key).Json(new { integration_name = "demo", credentials = new Dictionary<string, string>() })
                .SendAsync(hub.App.Function<AccountFunctions>().Create);
            Assert.True(account.Status == 201, account.ToString());
            accounts.Add(account.Str("id")!);
        }

        var starts = await Task.WhenAll(accounts.Select(account => TestRequest.Post("sync-job-run").Bearer(hub.Key)
            .Json(new { sync_job_id = job, integrated_account_id = account, error_handling = "ignore" })
            .SendAsync(r => hub.Runs.Create(r, hub.App.DurableClient))));
        Assert.All(starts, s => Assert.True(s.Status == 201, s.ToString()));
        var runIds = starts.Select(s => s.Str("id")!).ToList();

        var caller = new RouteCaller(hub.App);
        var failures = new ConcurrentQueue<string>();
        var answers = new ConcurrentDictionary<string, int>();
        using var done = new CancellationTokenSource();

        async Task ReadLoopAsync(Func<int, (ApiRoute Route, string? Id, string Query)> next)
        {
            for (var i = 0; !done.IsCancellationRequested; i++)
            {
                var (route, id, query) = next(i);
                var response = await caller.SendAsync(route, RouteCaller.Request(route, id, query).Bearer(reader), id);
                answers.AddOrUpdate(route.FunctionName, 1, (_, n) => n + 1);
                // Braze documents job_sync_status's limit (100 a minute per key) with a body of its own, not problem+json.
                var brazeLimit = route == ApiRoutes.ListJobSyncStatus && response.Status == 429 && response.Str("message") == "Rate limit exceeded";
                if (response.Status >= 500 || (response.Status >= 400 && !brazeLimit && response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) != true))
                {
                    failures.Enqueue($"{route.Method} {route.Path} {id} {query}: {response}");
                }
            }
        }

        async Task PollLoopAsync()
        {
            var poller = hub.App.Get<RunStatusPoller>();
            var instances = new DurableRunInstanceReader(hub.App.DurableClient);
            while (!done.IsCancellationRequested)
            {
                try
                {
                    await poller.PollAsync(instances, default);
                    answers.AddOrUpdate("poll", 1, (_, n) => n + 1);
                }
                catch (Exception ex)
                {
                    failures.Enqueue($"poller: {ex}");
                }

                await Task.Delay(50);
            }
        }

        string Run(int i) => runIds[i % Runs];
        string Account(int i) => accounts[i % Runs];
        var loops = new List<Task>
        {
            ReadLoopAsync(i => (ApiRoutes.GetSyncJobRun, Run(i), "")),
            ReadLoopAsync(i => (ApiRoutes.GetSyncJobRun, Run(i + 1), "")),
            ReadLoopAsync(i => (ApiRoutes.ListSyncJobRuns, null, i % 2 == 0 ? "" : $"sync_job_id={job}&limit=2")),
            ReadLoopAsync(i => (ApiRoutes.ListSyncJobRunErrors, Run(i), "")),
            ReadLoopAsync(i => (ApiRoutes.ListRecords, null, $"resource=crm/contacts&integrated_account_id={Account(i)}")),
            ReadLoopAsync(i => (i % 3) switch
            {
                0 => (ApiRoutes.ListConnections, null, ""),
                1 => (ApiRoutes.GetConnection, Account(i), ""),
                _ => (ApiRoutes.ListJobSyncStatus, job, ""),
            }),
            ReadLoopAsync(i => (i % 3) switch
            {
                0 => (ApiRoutes.GetSyncJob, job, ""),
                1 => (ApiRoutes.GetIntegratedAccount, Account(i), ""),
                _ => (ApiRoutes.ListIntegratedAccounts, null, ""),
            }),
            PollLoopAsync(),
            PollLoopAsync(),
        };

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var states = await Task.WhenAll(runIds.Select(id => hub.App.DurableClient.WaitForInstanceCompletionAsync(id, timeout.Token)));
        await done.CancelAsync();
        await Task.WhenAll(loops);

        Assert.True(failures.IsEmpty, string.Join("\n", failures));
        Assert.All(states, s => Assert.Equal(OrchestrationRuntimeStatus.Completed, s.RuntimeStatus));
        Assert.True(answers.GetValueOrDefault(ApiRoutes.GetSyncJobRun.FunctionName) >= Runs, string.Join(", ", answers));
        foreach (var id in runIds)
        {
            var run = await hub.GetRunAsync(id);
            Assert.Equal("completed", run.Str("status"));
            Assert.Equal(Contacts, run.Json.GetProperty("source_record_count").GetInt64());
        }
    }

    /// <summary>
    /// A run whose row keeps changing under the status poller (the orchestration, a stop and other instances' pollers
    /// all write it) costs that run this tick's update, not the tick: the other runs are still polled, and the timer
    /// does not fail with a <see cref="ConcurrencyException"/>.
    /// </summary>
    [Fact]
    public async Task A_run_row_that_keeps_changing_under_the_poller_does_not_stop_the_poll_of_the_others()
    {
        var store = new HotRunStore();
        await using var hub = await RunScenario.StartAsync(
            azurite,
            new DemoUpstreamOptions { Contacts = 100 },
            RunScenario.PagedContacts(pageSize: 50),
            services: s => s.AddSingleton<IRunStore>(sp => store.Around(ActivatorUtilities.CreateInstance<TableRunStore>(sp))));
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Delay(TimeSpan.FromSeconds(3)) });
        var second = await TestRequest.Post("integrated-accounts").Bearer(hub.Key).Json(new { integration_name = "demo", credentials = new Dictionary<string, string>() })
            .SendAsync(hub.App.Function<AccountFunctions>().Create);
        var runs = new List<string>();
        foreach (var account in new[] { hub.AccountId, second.Str("id")! })
        {
            var created = await TestRequest.Post("sync-job-run").Bearer(hub.Key).Json(new { sync_job_id = job, integrated_account_id = account })
                .SendAsync(r => hub.Runs.Create(r, hub.App.DurableClient));
            Assert.True(created.Status == 201, created.ToString());
            runs.Add(created.Str("id")!);
        }

        // Both runs started (their rows say running), then every replace of each one's row loses its race.
        foreach (var id in runs)
        {
            while ((await hub.GetRunAsync(id)).Str("status") != "running")
            {
                await Task.Delay(50);
            }
        }

        // Terminated behind the API: the poller has a final status to write for each.
        foreach (var id in runs)
        {
            await hub.App.DurableClient.TerminateInstanceAsync(id);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await hub.App.DurableClient.WaitForInstanceCompletionAsync(id, wait.Token);
        }

        store.Hot = runs.ToHashSet();
        var result = await hub.App.Get<RunStatusPoller>().PollAsync(new DurableRunInstanceReader(hub.App.DurableClient), default);
        store.Hot = new HashSet<string>();

        Assert.Equal((2, 0), (result.Seen, result.Reconciled));
        Assert.True(store.Conflicts >= 2, store.Conflicts.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The next tick writes what this one could not.
        Assert.Equal(2, (await hub.App.Get<RunStatusPoller>().PollAsync(new DurableRunInstanceReader(hub.App.DurableClient), default)).Reconciled);
        foreach (var id in runs)
        {
            Assert.Equal("failed", (await hub.GetRunAsync(id)).Str("status"));
        }

        hub.Upstream.Faults.Clear();
    }

    /// <summary>The real run store, except that replacing a hot run's row always finds it changed.</summary>
    private sealed class HotRunStore
    {
        private int _conflicts;

        public IReadOnlySet<string> Hot { get; set; } = new HashSet<string>();

        public int Conflicts => _conflicts;

        public IRunStore Around(IRunStore inner) => new Store(this, inner);

        private sealed class Store(HotRunStore owner, IRunStore inner) : IRunStore
        {
            public Task ReplaceAsync(SyncJobRun run, string etag, CancellationToken ct)
            {
                if (owner.Hot.Contains(run.Id))
                {
                    Interlocked.Increment(ref owner._conflicts);
                    throw new ConcurrencyException();
                }

                return inner.ReplaceAsync(run, etag, ct);
            }

            public Task CreateAsync(SyncJobRun run, CancellationToken ct) => inner.CreateAsync(run, ct);

            public Task<SyncJobRun?> GetAsync(string environmentId, string id, CancellationToken ct) => inner.GetAsync(environmentId, id, ct);

            public Task<(SyncJobRun Run, string ETag)?> GetForUpdateAsync(string environmentId, string id, CancellationToken ct) => inner.GetForUpdateAsync(environmentId, id, ct);

            public Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct) => inner.DeleteAsync(environmentId, id, ct);

            public Task<StorePage<SyncJobRun>> ListAsync(string environmentId, RunFilter filter, int limit, string? continuation, CancellationToken ct) =>
                inner.ListAsync(environmentId, filter, limit, continuation, ct);

            public Task<DateTimeOffset?> LastCompletedStartAsync(string environmentId, string syncJobId, string accountId, CancellationToken ct) =>
                inner.LastCompletedStartAsync(environmentId, syncJobId, accountId, ct);
        }
    }
}
