using System.Text.Json;
using SyncFunctions.Core.Runs;
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
/// Run lifecycle events end to end: real runs on the in-process Durable host queue signed events on Azurite's queue,
/// the queue-triggered function delivers them to a real receiver, each webhook getting only what it subscribes to.
/// Two pages of 30 (per_page=30, so the faults' page=1/page=2 match only their page): page 1 has records without ids
/// (record errors); page 2 can be made to fail (a page error).
/// </summary>
public sealed class WebhookRunEventTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly string[] Lifecycle = [WebhookEvents.Created, WebhookEvents.Started, WebhookEvents.Completed, WebhookEvents.Failed, WebhookEvents.RecordError];
    private RunScenario _hub = null!;
    private WebhookReceiver _receiver = null!;
    private WebhookEventPump _pump = null!;
    private string _webhooksKey = "";
    private string _job = "";

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _hub = await RunScenario.StartAsync(
            azurite,
            new DemoUpstreamOptions { Contacts = 45, Users = 1, Deals = 1 },
            RunScenario.PagedContacts(pageSize: 30),
            settings: new Dictionary<string, string?>(RunScenario.FastUpstreamRetries())
            {
                ["SyncFunctions:WebhookMaxRetries"] = "1",
                ["SyncFunctions:WebhookRetryBaseDelayMs"] = "20",
            });
        _pump = new WebhookEventPump(_hub.App, azurite.ConnectionString);
        _webhooksKey = (await new AdminClient(_hub.App).NewKeyAsync(_hub.EnvironmentId, "webhooks")).Token;
        _job = await _hub.CreateJobAsync(RunScenario.ContactsJob);
        _hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=1", UntilCleared = true, Fault = Fault.RecordsWithoutIds(every: 10) });
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private async Task<(string Id, string Secret)> CreateWebhookAsync(string path, params string[] events)
    {
        var created = await TestRequest.Post("webhooks").Bearer(_webhooksKey).Json(new { url = _receiver.Url(path).ToString(), events })
            .SendAsync(_hub.App.Function<WebhookFunctions>().Create);
        Assert.True(created.Status == 201, created.ToString());
        return (created.Str("id")!, created.Str("secret")!);
    }

    private List<ReceivedDelivery> ReceivedAt(string path) => _receiver.Received.Where(r => r.PathAndQuery == "/" + path).ToList();

    private static JsonElement Payload(ReceivedDelivery delivery) => delivery.Json.GetProperty("payload");

    [Fact]
    public async Task A_completed_run_sends_created_started_completed_and_one_record_error_per_ledger_entry()
    {
        var (_, secret) = await CreateWebhookAsync("hooks/all", Lifecycle);
        await CreateWebhookAsync("hooks/failures", WebhookEvents.Failed);

        var run = await _hub.RunAsync(_job, errorHandling: "ignore");
        var runId = run.Str("id")!;
        Assert.Equal("completed", run.Str("status"));
        Assert.Empty(_receiver.Received); // nothing goes out inline: events wait on the queue
        var queued = await _pump.DrainAsync();

        var received = ReceivedAt("hooks/all");
        Assert.Equal(queued, received.Count);
        Assert.Empty(ReceivedAt("hooks/failures"));
        Assert.All(received, r => Assert.Equal(WebhookVerification.Valid, r.Verify(secret)));
        Assert.All(received, r => Assert.Equal(r.Header(WebhookHeaders.Event), r.Json.GetProperty("event").GetString()));
        var byEvent = received.ToLookup(r => r.Header(WebhookHeaders.Event));

        var created = Assert.Single(byEvent[WebhookEvents.Created]);
        Assert.Equal($"{runId}:created", created.Header(WebhookHeaders.Delivery));
        Assert.Equal("created", Payload(created).GetProperty("status").GetString());
        Assert.Equal(runId, Payload(created).GetProperty("id").GetString());
        var started = Assert.Single(byEvent[WebhookEvents.Started]);
        Assert.Equal("running", Payload(started).GetProperty("status").GetString());
        var completed = Assert.Single(byEvent[WebhookEvents.Completed]);
        Assert.Equal($"{runId}:completed", completed.Header(WebhookHeaders.Delivery));
        Assert.Equal("completed", Payload(completed).GetProperty("status").GetString());
        Assert.Equal(run.Json.GetProperty("source_record_count").GetInt64(), Payload(completed).GetProperty("source_record_count").GetInt64());
        Assert.Equal(run.Json.GetProperty("source_record_invalids").GetInt64(), Payload(completed).GetProperty("source_record_invalids").GetInt64());
        Assert.Empty(byEvent[WebhookEvents.Failed]);

        // ignore: one event per ledger entry, each carrying its one error.
        var ledger = await _hub.App.Get<IRunErrorStore>().ListAsync(_hub.EnvironmentId, runId, 200, null, default);
        var errors = byEvent[WebhookEvents.RecordError].ToList();
        Assert.Equal(3, ledger.Items.Count); // ids missing at 0, 10 and 20 of page 1
        Assert.Equal(ledger.Items.Select(e => $"{runId}:error:{e.Key}").Order(), errors.Select(e => e.Header(WebhookHeaders.Delivery)).Order());
        Assert.All(errors, e =>
        {
            var payload = Payload(e);
            Assert.Equal(runId, payload.GetProperty("sync_job_run_id").GetString());
            Assert.Equal("record", payload.GetProperty("type").GetString());
            Assert.Equal("crm/contacts", payload.GetProperty("resource").GetString());
            Assert.Equal("missing_id", Assert.Single(payload.GetProperty("errors").EnumerateArray()).GetProperty("error_code").GetString());
        });
    }

    [Fact]
    public async Task A_failed_batch_run_sends_failed_to_its_subscribers_and_the_pages_errors_together()
    {
        var (_, secret) = await CreateWebhookAsync("hooks/all", Lifecycle);
        var (_, failuresSecret) = await CreateWebhookAsync("hooks/failures", WebhookEvents.Failed);
        _hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=2", UntilCleared = true, Fault = Fault.Status(500) });

        // One after the other: a second run of the same job and account while one is running would be skipped.
        var batch = await _hub.RunAsync(_job, errorHandling: "batch", version: 2);
        var id = batch.Str("id")!;
        Assert.Equal("completed", batch.Str("status")); // batch goes on past the failed page
        var failFast = await _hub.RunAsync(_job, errorHandling: "fail_fast");
        var stopped = failFast.Str("id")!;
        Assert.Equal("failed", failFast.Str("status"));
        await _pump.DrainAsync();

        var failed = Assert.Single(ReceivedAt("hooks/failures"));
        Assert.Equal(WebhookVerification.Valid, failed.Verify(failuresSecret));
        Assert.Equal(WebhookEvents.Failed, failed.Header(WebhookHeaders.Event));
        Assert.Equal($"{stopped}:failed", failed.Header(WebhookHeaders.Delivery));
        Assert.Equal("failed", Payload(failed).GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(Payload(failed).GetProperty("error_code").GetString()));

        // batch: page 1's three record errors in one event; page 2's error its own event.
        var batchErrors = ReceivedAt("hooks/all")
            .Where(r => r.Header(WebhookHeaders.Event) == WebhookEvents.RecordError && Payload(r).GetProperty("sync_job_run_id").GetString() == id)
            .ToList();
        Assert.All(batchErrors, r => Assert.Equal(WebhookVerification.Valid, r.Verify(secret)));
        var grouped = Assert.Single(batchErrors, r => Payload(r).GetProperty("type").GetString() == RunErrorTypes.Batch);
        Assert.Equal(3, Payload(grouped).GetProperty("errors").GetArrayLength());
        Assert.Equal(0, Payload(grouped).GetProperty("page").GetInt32());
        var page = Assert.Single(batchErrors, r => Payload(r).GetProperty("type").GetString() == RunErrorTypes.Page);
        Assert.Equal(1, Payload(page).GetProperty("page").GetInt32());
        Assert.Equal(2, batchErrors.Count);
    }

    [Fact]
    public async Task An_event_for_a_deleted_webhook_is_dropped_and_a_receiver_that_stays_down_keeps_it_queued()
    {
        var (gone, _) = await CreateWebhookAsync("hooks/gone", WebhookEvents.Created);
        await _hub.RunAsync(_job);
        var deleted = await TestRequest.Delete($"webhooks/{gone}").Bearer(_webhooksKey).SendAsync(r => _hub.App.Function<WebhookFunctions>().Delete(r, gone));
        Assert.Equal(204, deleted.Status);

        Assert.Equal(1, await _pump.DrainAsync()); // dropped, not retried forever
        Assert.Empty(_receiver.Received);

        await CreateWebhookAsync("hooks/down", WebhookEvents.Created);
        _receiver.DefaultAnswer = new ReceiverAnswer(503);
        await _hub.RunAsync(_job);
        await _pump.Queue.CreateIfNotExistsAsync();
        var message = Assert.Single((await _pump.Queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value);

        await Assert.ThrowsAnyAsync<WebhookDeliveryException>(() => _pump.ProcessAsync(message));
        Assert.Equal(2, ReceivedAt("hooks/down").Count); // the sender's own try and retry
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var again = Assert.Single((await _pump.Queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30))).Value);
        Assert.Equal(message.MessageId, again.MessageId);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task A_run_the_poller_reconciles_sends_failed()
    {
        var (_, secret) = await CreateWebhookAsync("hooks/failures", WebhookEvents.Failed);
        _hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=2", Fault = Fault.Delay(TimeSpan.FromSeconds(10)) });
        var id = await _hub.StartRunAsync(_job);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while ((await _hub.GetRunAsync(id)).Str("status") != "running")
            {
                await Task.Delay(100, deadline.Token);
            }
        }

        await _hub.App.DurableClient.TerminateInstanceAsync(id, "behind the API's back");
        await _hub.App.DurableClient.WaitForInstanceCompletionAsync(id);
        Assert.Equal(1, (await _hub.App.Get<RunStatusPoller>().PollAsync(new DurableRunInstanceReader(_hub.App.DurableClient), default)).Reconciled);
        await _pump.DrainAsync();

        var failed = Assert.Single(ReceivedAt("hooks/failures"));
        Assert.Equal(WebhookVerification.Valid, failed.Verify(secret));
        Assert.Equal($"{id}:failed", failed.Header(WebhookHeaders.Delivery));
        Assert.Equal(ReconcileErrorCodes.OrchestrationTerminated, Payload(failed).GetProperty("error_code").GetString());
    }
}
