using Moq;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Webhooks;

namespace SyncFunctions.Core.Tests.Runs;

/// <summary>Which run changes become which events, and how a large batch of errors is split; store and queue are narrow seams.</summary>
public sealed class RunWebhookEventsTests
{
    private readonly List<WebhookEventMessage> _queued = [];
    private readonly RunWebhookEvents _events;

    public RunWebhookEventsTests()
    {
        var store = new Mock<IWebhookStore>();
        store.Setup(s => s.ListAsync("env", 100, null, It.IsAny<CancellationToken>())).ReturnsAsync(new StorePage<Webhook>(
            [
                new Webhook("w-all", "https://a.example/h", WebhookEvents.All, null, "sealed", DateTimeOffset.UnixEpoch),
                new Webhook("w-failed", "https://b.example/h", [WebhookEvents.Failed], null, "sealed", DateTimeOffset.UnixEpoch),
            ],
            null));
        var queue = new Mock<IWebhookEventQueue>();
        queue.Setup(q => q.EnqueueAsync(It.IsAny<WebhookEventMessage>(), It.IsAny<CancellationToken>()))
            .Callback<WebhookEventMessage, CancellationToken>((m, _) => _queued.Add(m))
            .Returns(Task.CompletedTask);
        _events = new RunWebhookEvents(store.Object, queue.Object);
    }

    private static SyncJobRun Run(RunStatus status) => TestRuns.New(status) with { ErrorHandling = ErrorHandlingModes.Batch };

    [Theory]
    [InlineData(RunStatus.Queued, RunTransition.Created, WebhookEvents.Created)]
    [InlineData(RunStatus.Skipped, RunTransition.Created, null)]
    [InlineData(RunStatus.Running, RunTransition.Started, WebhookEvents.Started)]
    [InlineData(RunStatus.Completed, RunTransition.Finished, WebhookEvents.Completed)]
    [InlineData(RunStatus.Failed, RunTransition.Finished, WebhookEvents.Failed)]
    [InlineData(RunStatus.Stopped, RunTransition.Finished, WebhookEvents.Failed)]
    [InlineData(RunStatus.Skipped, RunTransition.Finished, null)]
    public void Each_change_maps_to_its_event(RunStatus status, RunTransition transition, string? expected) =>
        Assert.Equal(expected, RunWebhookEvents.EventFor(Run(status), transition));

    [Fact]
    public async Task A_failed_run_goes_to_every_subscriber_with_a_snapshot_of_the_run()
    {
        await _events.PublishAsync(Run(RunStatus.Failed) with { ErrorCode = "boom" }, RunTransition.Finished, default);

        Assert.Equal(["w-all", "w-failed"], _queued.Select(m => m.WebhookId).Order());
        Assert.All(_queued, m =>
        {
            Assert.Equal("run:failed", m.DeliveryId);
            Assert.Equal("failed", m.Payload["status"]!.GetValue<string>());
            Assert.Equal("boom", m.Payload["error_code"]!.GetValue<string>());
        });
        Assert.NotSame(_queued[0].Payload, _queued[1].Payload);
    }

    [Fact]
    public async Task A_batch_of_120_errors_is_split_into_events_of_at_most_50_under_stable_ids()
    {
        var errors = Enumerable.Range(0, 120).Select(i => new RecordError(null, i, "missing_id", $"Record {i} has no id.")).ToList();
        var entry = new RunErrorEntry("000.000000.-.000000000.000000", RunErrorTypes.Batch, "crm/contacts", "list", 0, 0, null, null,
            "record_errors", "120 record(s) failed.", null, errors, DateTimeOffset.UnixEpoch);

        await _events.PublishErrorsAsync(Run(RunStatus.Running), [entry], default);

        Assert.All(_queued, m => Assert.Equal("w-all", m.WebhookId));
        var messages = _queued;
        Assert.Equal([50, 50, 20], messages.Select(m => m.Payload["errors"]!.AsArray().Count));
        Assert.Equal(
            ["run:error:000.000000.-.000000000.000000:0", "run:error:000.000000.-.000000000.000000:1", "run:error:000.000000.-.000000000.000000:2"],
            messages.Select(m => m.DeliveryId));
        Assert.Equal(Enumerable.Range(0, 120), messages.SelectMany(m => m.Payload["errors"]!.AsArray()).Select(e => e!["index"]!.GetValue<int>()));
        Assert.All(messages, m => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(m.ToJson()), 1, WebhookEventMessage.MaxJsonBytes));
        var parsed = WebhookEventMessage.TryParse(messages[0].ToJson());
        Assert.Equal((messages[0].WebhookId, messages[0].DeliveryId, messages[0].Payload.ToJsonString()), (parsed!.WebhookId, parsed.DeliveryId, parsed.Payload.ToJsonString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"environment_id":"env","webhook_id":"w","event":"sync_job_run:nope","delivery_id":"d","payload":{}}""")]
    [InlineData("""{"environment_id":"env","webhook_id":"w","event":"sync_job_run:created","delivery_id":"d"}""")]
    public void Messages_that_are_not_ours_are_refused(string text) => Assert.Null(WebhookEventMessage.TryParse(text));
}
