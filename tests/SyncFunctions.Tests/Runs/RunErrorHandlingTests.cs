using Microsoft.DurableTask.Client;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Runs;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Http.Definitions;
using SyncFunctions.Http.Runs;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;

namespace SyncFunctions.Tests.Runs;

/// <summary>An upstream page that answers 500 until the adapter's retries are spent, under each error_handling mode.</summary>
public sealed class RunErrorHandlingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private TestApp _app = null!;
    private DemoUpstreamServer _upstream = null!;
    private string _env = "";
    private string _key = "";
    private string _account = "";
    private string _job = "";

    public async Task InitializeAsync()
    {
        _upstream = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 120 });
        _app = await TestApp.StartAsync(azurite.ConnectionString, durable: true, settings: new Dictionary<string, string?>
        {
            ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1",
            ["SyncFunctions:UpstreamMaxRetries"] = "2",
            ["SyncFunctions:UpstreamRetryBaseDelayMs"] = "20",
        });
        var admin = new AdminClient(_app);
        _env = await admin.NewEnvironmentAsync();
        _key = (await admin.NewKeyAsync(_env, "integrations", "sync_jobs", "runs")).Token;
        await TestRequest.Put("integrations/demo").Bearer(_key).Json(new
        {
            base_url = _upstream.BaseUrl.ToString().TrimEnd('/'),
            resources = new Dictionary<string, object>
            {
                ["crm/contacts"] = new
                {
                    track_deletes = true,
                    list = new { path = "/page/contacts", records_path = "$.data", pagination = new { type = "page_number", page_size = 50 } },
                },
            },
        }).SendAsync(r => _app.Function<IntegrationFunctions>().Put(r, "demo"));
        _account = (await TestRequest.Post("integrated-accounts").Bearer(_key).Json(new { integration_name = "demo" }).SendAsync(_app.Function<AccountFunctions>().Create)).Str("id")!;
        _job = (await TestRequest.Post("sync-job").Bearer(_key)
            .Json(new { integration_name = "demo", resources = new[] { new { resource = "crm/contacts", method = "list" } } })
            .SendAsync(_app.Function<SyncJobFunctions>().Create)).Str("id")!;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private async Task<TestResponse> Run(string mode)
    {
        var created = await TestRequest.Post("sync-job-run").Bearer(_key)
            .Json(new { sync_job_id = _job, integrated_account_id = _account, error_handling = mode, ignore_previous_run = true })
            .SendAsync(r => _app.Function<RunFunctions>().Create(r, _app.DurableClient));
        var id = created.Str("id")!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var state = await _app.DurableClient.WaitForInstanceCompletionAsync(id, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        return await TestRequest.Get($"sync-job-run/{id}").Bearer(_key).SendAsync(r => _app.Function<RunFunctions>().Get(r, id));
    }

    private void FailPageTwo() =>
        _upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=2", UntilCleared = true, Fault = Fault.Status(500) });

    [Fact]
    public async Task Fail_fast_fails_the_run_with_the_upstream_error_and_keeps_what_was_stored()
    {
        FailPageTwo();

        var run = await Run("fail_fast");

        Assert.Equal("failed", run.Str("status"));
        Assert.Equal("upstream_unavailable", run.Str("error_code"));
        Assert.Equal(50, run.Json.GetProperty("source_record_count").GetInt64());
        Assert.Equal(3, _upstream.Requests.Count(r => r.QueryString.Contains("page=2", StringComparison.Ordinal)));
        var stored = (await _app.Get<IRunStore>().GetAsync(_env, run.Str("id")!, default))!;
        Assert.Equal(RunErrorKind.Other, stored.ErrorKind);
        Assert.Equal("error", StatusViews.Braze(stored.Status, stored.Outcome));
    }

    [Fact]
    public async Task Ignore_completes_the_run_but_tracks_no_deletes_from_an_incomplete_listing()
    {
        var first = await Run("ignore");
        Assert.Equal(120, first.Json.GetProperty("source_record_count").GetInt64());
        FailPageTwo();

        var second = await Run("ignore");

        // Completed, and says what it skipped (Census shows errors on completed runs too); Braze calls it partial.
        Assert.Equal("completed", second.Str("status"));
        Assert.Equal("upstream_unavailable", second.Str("error_code"));
        var stored = (await _app.Get<IRunStore>().GetAsync(_env, second.Str("id")!, default))!;
        Assert.Equal(1, stored.PageErrors);
        Assert.Equal("partial", StatusViews.Braze(stored.Status, stored.Outcome));
        Assert.Null(first.Str("error_code"));
        Assert.Equal(50, second.Json.GetProperty("source_record_count").GetInt64());
        Assert.Equal(0, second.Json.GetProperty("source_record_deletes").GetInt64());
        var tombstones = 0;
        await foreach (var record in _app.Get<IRecordStore>().ReadAllAsync(new RecordScope(_env, _account, "crm/contacts"), default))
        {
            tombstones += record.Deleted ? 1 : 0;
        }

        Assert.Equal(0, tombstones);
    }
}
