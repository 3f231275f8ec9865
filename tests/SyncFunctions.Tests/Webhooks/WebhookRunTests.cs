using Microsoft.DurableTask.Client;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Webhooks;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Runs;
using SyncFunctions.Testing;
using SyncFunctions.Testing.Http;
using SyncFunctions.Testing.Webhooks;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.Runs;
using SyncFunctions.Webhooks;

namespace SyncFunctions.Tests.Webhooks;

/// <summary>
/// Page delivery (RapidBridge) end to end: a run created with <c>webhook_id</c> fetches pages from the demo upstream
/// on the in-process Durable host and POSTs each page, signed, to a real receiver instead of storing it.
/// </summary>
public sealed class WebhookRunTests(WebhookRunTests.Hub hub) : IClassFixture<WebhookRunTests.Hub>, IAsyncLifetime
{
    /// <summary>The class's hub: quick webhook retries. Each test has its own receiver.</summary>
    public sealed class Hub : HubFixture
    {
        protected override IDictionary<string, string?> Settings =>
            new Dictionary<string, string?> { ["SyncFunctions:WebhookRetryBaseDelayMs"] = "20" };
    }

    private const int Contacts = 25; // three pages of 10
    private RunScenario _hub = null!;
    private WebhookReceiver _receiver = null!;
    private string _webhooksKey = "";
    private string _job = "";

    private static object Integration(string baseUrl) => new
    {
        base_url = baseUrl,
        resources = new Dictionary<string, object>
        {
            ["crm/contacts"] = new
            {
                track_deletes = true,
                list = new
                {
                    path = "/page/contacts",
                    records_path = "$.data",
                    pagination = new { type = "page_number", page_param = "page", page_size_param = "per_page", page_size = 10 },
                },
            },
        },
    };

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _hub = await hub.StageAsync(new DemoUpstreamOptions { Contacts = Contacts, Users = 1, Deals = 1 }, Integration);
        _webhooksKey = (await new AdminClient(_hub.App).NewKeyAsync(_hub.EnvironmentId, "webhooks")).Token;
        _job = await _hub.CreateJobAsync(RunScenario.ContactsJob);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private async Task<(string Id, string Secret)> CreateWebhookAsync(object body, string? key = null, WebhookFunctions? functions = null)
    {
        var created = await TestRequest.Post("webhooks").Bearer(key ?? _webhooksKey).Json(body).SendAsync((functions ?? _hub.App.Function<WebhookFunctions>()).Create);
        Assert.True(created.Status == 201, created.ToString());
        return (created.Str("id")!, created.Str("secret")!);
    }

    private Task<TestResponse> PostRunAsync(string? webhookId, bool ignorePreviousRun = false) =>
        TestRequest.Post("sync-job-run").Bearer(_hub.Key)
            .Json(new { sync_job_id = _job, integrated_account_id = _hub.AccountId, webhook_id = webhookId, ignore_previous_run = ignorePreviousRun })
            .SendAsync(r => _hub.App.Function<RunFunctions>().Create(r, _hub.App.DurableClient));

    private async Task<TestResponse> RunAsync(string? webhookId, bool ignorePreviousRun = false)
    {
        var created = await PostRunAsync(webhookId, ignorePreviousRun);
        Assert.True(created.Status == 201, created.ToString());
        var id = created.Str("id")!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var state = await _hub.App.DurableClient.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(state.RuntimeStatus == OrchestrationRuntimeStatus.Completed, state.FailureDetails?.ToString() ?? state.RuntimeStatus.ToString());
        return await _hub.GetRunAsync(id);
    }

    [Fact]
    public async Task Every_record_is_delivered_signed_page_by_page_and_nothing_is_stored()
    {
        var (webhookId, secret) = await CreateWebhookAsync(new { url = _receiver.Url("hooks/contacts").ToString(), events = new[] { "sync_job_run:record" } });
        _receiver.Answer(new ReceiverAnswer(503)); // the first delivery is retried by the sender

        var run = await RunAsync(webhookId);

        Assert.Equal("completed", run.Str("status"));
        Assert.Equal(webhookId, run.Str("webhook_id"));
        var runId = run.Str("id")!;

        var received = _receiver.Received;
        Assert.All(received, r => Assert.Equal(WebhookVerification.Valid, r.Verify(secret)));
        Assert.All(received, r => Assert.Equal("sync_job_run:record", r.Header(WebhookHeaders.Event)));
        // Receivers de-duplicate by delivery id: the 503'd delivery came again under the same id.
        var deliveries = received.GroupBy(r => r.Header(WebhookHeaders.Delivery)!).Select(g => g.Last()).ToList();
        Assert.Equal(received.Count - 1, deliveries.Count);
        Assert.Equal([$"{runId}:0:0:0", $"{runId}:0:0:1", $"{runId}:0:0:2"], deliveries.Select(d => d.Header(WebhookHeaders.Delivery)).Order());

        var pages = deliveries.Select(d => d.Json).OrderBy(j => j.GetProperty("payload").GetProperty("page_index").GetInt32()).ToList();
        Assert.Equal([false, false, true], pages.Select(p => p.GetProperty("payload").GetProperty("last_page").GetBoolean()));
        foreach (var page in pages)
        {
            var payload = page.GetProperty("payload");
            Assert.Equal(page.GetProperty("id").GetString(), received.First(r => r.Json.GetProperty("id").GetString() == page.GetProperty("id").GetString()).Header(WebhookHeaders.Delivery));
            Assert.Equal(runId, payload.GetProperty("sync_job_run_id").GetString());
            Assert.Equal(_job, payload.GetProperty("sync_job_id").GetString());
            Assert.Equal(_hub.AccountId, payload.GetProperty("integrated_account_id").GetString());
            Assert.Equal("crm/contacts", payload.GetProperty("resource").GetString());
            Assert.Equal("list", payload.GetProperty("method").GetString());
            Assert.True(payload.GetProperty("full_sync").GetBoolean());
        }

        // Exactly the upstream's records, each once, as the upstream sent them.
        var delivered = pages.SelectMany(p => p.GetProperty("payload").GetProperty("records").EnumerateArray())
            .Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.GetRawText())!.AsObject()).ToList();
        var truth = _hub.Upstream.Data.Snapshot(DemoResources.Contacts).ToDictionary(r => r["id"]!.ToString(), CanonicalJson.Hash);
        Assert.Equal(Contacts, delivered.Count);
        Assert.Equal(truth, delivered.ToDictionary(r => r["id"]!.ToString(), CanonicalJson.Hash));

        Assert.Empty(await _hub.StoredAsync("crm/contacts"));
        var stats = run.Json.GetProperty("resource_stats").GetProperty("crm/contacts").GetProperty("list");
        Assert.Equal(Contacts, stats.GetProperty("fetched").GetInt64());
        Assert.Equal(Contacts, stats.GetProperty("persisted").GetInt64());
        Assert.Equal(Contacts, run.Json.GetProperty("records_processed").GetInt64());
        Assert.Equal(Contacts, run.Json.GetProperty("records_updated").GetInt64());
        Assert.Equal(0, run.Json.GetProperty("records_failed").GetInt64());
        Assert.Equal(0, run.Json.GetProperty("source_record_deletes").GetInt64());
    }

    [Fact]
    public async Task A_full_sync_to_a_webhook_tracks_no_deletes_in_the_store()
    {
        var stored = await RunAsync(null);
        Assert.Equal(Contacts, (await _hub.StoredAsync("crm/contacts")).Count(r => !r.Deleted));
        var (webhookId, _) = await CreateWebhookAsync(new { url = _receiver.Url("hooks/full").ToString() });

        var delivered = await RunAsync(webhookId, ignorePreviousRun: true);

        Assert.Equal("completed", stored.Str("status"));
        Assert.Equal("completed", delivered.Str("status"));
        Assert.True(delivered.Json.GetProperty("full_sync").GetBoolean());
        // Nothing was marked seen in the store by the webhook run, and nothing was tombstoned for it.
        Assert.Equal(0, delivered.Json.GetProperty("source_record_deletes").GetInt64());
        Assert.Equal(Contacts, (await _hub.StoredAsync("crm/contacts")).Count(r => !r.Deleted));
        Assert.Equal(3, _receiver.Received.Count);
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_fails_a_fail_fast_run_with_webhook_delivery_failed()
    {
        var (webhookId, secret) = await CreateWebhookAsync(new { url = _receiver.Url("hooks/down").ToString() });
        _receiver.DefaultAnswer = new ReceiverAnswer(500);

        var created = await TestRequest.Post("sync-job-run").Bearer(_hub.Key)
            .Json(new { sync_job_id = _job, integrated_account_id = _hub.AccountId, webhook_id = webhookId, error_handling = "fail_fast" })
            .SendAsync(r => _hub.App.Function<RunFunctions>().Create(r, _hub.App.DurableClient));
        var id = created.Str("id")!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await _hub.App.DurableClient.WaitForInstanceCompletionAsync(id, timeout.Token);
        var run = await _hub.GetRunAsync(id);

        Assert.Equal("failed", run.Str("status"));
        Assert.Equal("webhook_delivery_failed", run.Str("error_code"));
        Assert.Contains("500", run.Str("error_message"));
        Assert.DoesNotContain(secret, run.Body);
        Assert.Equal(6, _receiver.Received.Count); // one page: the first attempt and 5 retries (the default)
        Assert.Empty(await _hub.StoredAsync("crm/contacts"));
    }

    [Fact]
    public async Task A_run_needs_a_webhook_of_its_environment_that_takes_record_events()
    {
        var admin = new AdminClient(_hub.App);
        var otherEnv = await admin.NewEnvironmentAsync("elsewhere");
        var otherKey = (await admin.NewKeyAsync(otherEnv, "webhooks")).Token;
        var (foreign, _) = await CreateWebhookAsync(new { url = _receiver.Url("hooks/x").ToString() }, otherKey);
        var (lifecycleOnly, _) = await CreateWebhookAsync(new { url = _receiver.Url("hooks/y").ToString(), events = new[] { "sync_job_run:completed" } });

        var unknown = await PostRunAsync(Guid.NewGuid().ToString());
        var otherTenant = await PostRunAsync(foreign);
        var unsubscribed = await PostRunAsync(lifecycleOnly);

        foreach (var response in new[] { unknown, otherTenant })
        {
            Assert.True(response.Status == 404, response.ToString());
            Assert.Equal("webhook_not_found", response.Str("code"));
            Assert.Equal("webhook_id", response.Str("field"));
        }

        Assert.Equal(400, unsubscribed.Status);
        Assert.Equal("webhook_id", unsubscribed.Str("field"));
        Assert.Empty(_receiver.Received);
    }
}
