using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Webhooks;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Testing.Webhooks;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Webhooks;

namespace SyncFunctions.Tests.Webhooks;

/// <summary>
/// The app's dispatcher end to end: a webhook created over HTTP, its sealed secret opened to sign, the app's own
/// sender POSTing to a real receiver on 127.0.0.1 (allow-listed), retries and giving up included.
/// <para>
/// The class shares one app and one receiver (<see cref="DeliveryHost"/>). Each test makes its own environment and key,
/// points its webhooks at receiver paths under its environment id and reads only the deliveries that arrived there
/// (<see cref="Delivered"/>), so what earlier tests sent never counts. The receiver's answers are receiver-wide: each
/// test starts with it answering 200, and a test that scripts answers (<see cref="WebhookReceiver.Answer"/>) has its
/// own deliveries take them all.
/// </para>
/// </summary>
public sealed class WebhookDeliveryTests(WebhookDeliveryTests.DeliveryHost host) : IClassFixture<WebhookDeliveryTests.DeliveryHost>, IAsyncLifetime
{
    private readonly TestApp _app = host.App;
    private readonly WebhookReceiver _receiver = host.Receiver;
    private string _env = "";
    private string _key = "";

    /// <summary>One app (allow-listing the receiver, short retries) and one webhook receiver for the class.</summary>
    public sealed class DeliveryHost : IAsyncLifetime
    {
        private readonly AzuriteFixture _azurite = new();
        private TestApp? _app;
        private WebhookReceiver? _receiver;

        public TestApp App => _app ?? throw new InvalidOperationException("Not initialised.");

        public WebhookReceiver Receiver => _receiver ?? throw new InvalidOperationException("Not initialised.");

        public async Task InitializeAsync()
        {
            await _azurite.InitializeAsync();
            _receiver = await WebhookReceiver.StartAsync();
            _app = await TestApp.StartAsync(_azurite.ConnectionString, settings: new Dictionary<string, string?>
            {
                ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1",
                ["SyncFunctions:WebhookMaxRetries"] = "2",
                ["SyncFunctions:WebhookRetryBaseDelayMs"] = "20",
            });
        }

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }

            if (_receiver is not null)
            {
                await _receiver.DisposeAsync();
            }
        }
    }

    public async Task InitializeAsync()
    {
        // A test before this one may have left the receiver failing (DefaultAnswer is the receiver's, not the test's).
        _receiver.DefaultAnswer = new ReceiverAnswer(200);
        var admin = new AdminClient(_app);
        _env = await admin.NewEnvironmentAsync("delivery");
        _key = (await admin.NewKeyAsync(_env, "webhooks")).Token;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private WebhookDispatcher Dispatcher => _app.Get<WebhookDispatcher>();

    /// <summary>A receiver URL of this test's own: <c>hooks/{environment id}/{name}</c>.</summary>
    private string HookUrl(string name) => _receiver.Url($"hooks/{_env}/{name}").ToString();

    /// <summary>What the receiver got at this test's URLs (<see cref="HookUrl"/>), in arrival order.</summary>
    private List<ReceivedDelivery> Delivered =>
        [.. _receiver.Received.Where(r => r.PathAndQuery.StartsWith($"/hooks/{_env}/", StringComparison.Ordinal))];

    private async Task<(string Id, string Secret)> CreateAsync(object body)
    {
        var created = await TestRequest.Post("webhooks").Bearer(_key).Json(body).SendAsync(_app.Function<WebhookFunctions>().Create);
        Assert.True(created.Status == 201, created.ToString());
        return (created.Str("id")!, created.Str("secret")!);
    }

    [Fact]
    public async Task An_event_arrives_signed_with_the_secret_shown_at_creation()
    {
        // Plain http is accepted because 127.0.0.1 is on the allow-list.
        var (id, secret) = await CreateAsync(new { url = HookUrl("a") });

        var sent = await Dispatcher.DispatchAsync(_env, id, WebhookEvents.Completed, "run-1:completed", new JsonObject { ["sync_job_run_id"] = "run-1" }, default);

        Assert.True(sent);
        var received = Assert.Single(Delivered);
        Assert.Equal(WebhookVerification.Valid, received.Verify(secret));
        Assert.Equal("sync_job_run:completed", received.Header(WebhookHeaders.Event));
        Assert.Equal("run-1:completed", received.Header(WebhookHeaders.Delivery));
        var body = received.Json;
        Assert.Equal("run-1:completed", body.GetProperty("id").GetString());
        Assert.Equal("sync_job_run:completed", body.GetProperty("event").GetString());
        Assert.Equal("run-1", body.GetProperty("payload").GetProperty("sync_job_run_id").GetString());
        Assert.True(DateTimeOffset.Parse(body.GetProperty("created_at").GetString()!) > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.False(body.TryGetProperty("environment_id", out _));
    }

    [Fact]
    public async Task A_503_is_retried_and_the_retry_carries_the_same_delivery()
    {
        var (id, secret) = await CreateAsync(new { url = HookUrl("b") });
        _receiver.Answer(new ReceiverAnswer(503));

        await Dispatcher.DispatchAsync(_env, id, WebhookEvents.Record, "run-2:0:0:0", new JsonObject(), default);

        var received = Delivered;
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.All(received, r => Assert.Equal(WebhookVerification.Valid, r.Verify(secret)));
    }

    [Fact]
    public async Task Events_the_webhook_did_not_subscribe_to_are_not_sent()
    {
        var (id, _) = await CreateAsync(new { url = HookUrl("c"), events = new[] { "sync_job_run:failed" } });

        var sent = await Dispatcher.DispatchAsync(_env, id, WebhookEvents.Record, "run-3:0:0:0", new JsonObject(), default);

        Assert.False(sent);
        Assert.Empty(Delivered);
    }

    [Fact]
    public async Task Another_environments_webhook_cannot_be_dispatched_to()
    {
        var (id, _) = await CreateAsync(new { url = HookUrl("d") });

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => Dispatcher.DispatchAsync("some-other-env", id, WebhookEvents.Record, "x:0:0:0", new JsonObject(), default));

        Assert.Equal("webhook_not_found", ex.Code);
        Assert.Empty(Delivered);
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_is_given_up_on_with_a_stable_code_and_no_secret()
    {
        var (id, secret) = await CreateAsync(new { url = HookUrl("e") });
        _receiver.DefaultAnswer = new ReceiverAnswer(502);

        var ex = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Dispatcher.DispatchAsync(_env, id, WebhookEvents.Record, "run-4:0:0:0", new JsonObject(), default));

        Assert.Equal(3, Delivered.Count); // WebhookMaxRetries = 2
        Assert.Equal("webhook_delivery_failed", ex.Code);
        Assert.Equal(UpstreamErrorKind.Transient, ex.Kind);
        Assert.Equal(502, ex.Status);
        Assert.Contains("502", ex.Message);
        Assert.DoesNotContain(secret, ex.ToString());
    }
}
