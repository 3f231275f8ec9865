using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Webhooks;
using SyncFunctions.Testing.Webhooks;
using SyncFunctions.Upstream.Tests.Support;
using SyncFunctions.Upstream.Webhooks;

namespace SyncFunctions.Upstream.Tests;

/// <summary>The webhook sender against a real receiver on 127.0.0.1: signatures, retries, Retry-After, giving up, SSRF.</summary>
public sealed class WebhookSenderTests : IAsyncLifetime
{
    private const string Secret = "whsec_sender-test-secret-4f7c1b2a9e";
    private static readonly WebhookSenderOptions Fast = new()
    {
        AllowedHosts = new HashSet<string> { "127.0.0.1" },
        MaxRetryAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromMilliseconds(500),
        MaxRetryAfter = TimeSpan.FromSeconds(5),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        TotalTimeout = TimeSpan.FromSeconds(30),
    };

    private readonly LogCapture _logs = new();
    private readonly List<ServiceProvider> _providers = [];
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _receiver.DisposeAsync();
    }

    private IWebhookSender Sender(WebhookSenderOptions? options = null)
    {
        var provider = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace))
            .AddWebhookSender(options ?? Fast)
            .BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<IWebhookSender>();
    }

    private static WebhookMessage Message(Uri url, string deliveryId = "run-7:0:0:1")
    {
        var body = WebhookSigner.Envelope(deliveryId, WebhookEvents.Record, DateTimeOffset.UtcNow, new() { ["records"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["id"] = "1" }) });
        return WebhookSigner.Sign(url, WebhookEvents.Record, deliveryId, body, Secret, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_delivery_is_a_signed_json_post_the_receiver_can_verify()
    {
        var message = Message(_receiver.Url("hooks/in?tenant=a"));

        await Sender().SendAsync(message, default);

        var received = Assert.Single(_receiver.Received);
        Assert.Equal("POST", received.Method);
        Assert.Equal("/hooks/in?tenant=a", received.PathAndQuery);
        Assert.StartsWith("application/json", received.Header("Content-Type"));
        Assert.Equal(message.Body, received.Body);
        Assert.Equal("sync_job_run:record", received.Header(WebhookHeaders.Event));
        Assert.Equal("run-7:0:0:1", received.Header(WebhookHeaders.Delivery));
        Assert.Equal(WebhookVerification.Valid, received.Verify(Secret));
        Assert.Equal(WebhookVerification.Mismatch, received.Verify("whsec_someone-else"));
        Assert.Equal(received.Header(WebhookHeaders.Timestamp), received.Header(WebhookHeaders.Signature)!.Split(',')[0][2..]);
    }

    [Fact]
    public async Task A_503_is_retried_with_the_same_delivery_id_and_signed_body()
    {
        _receiver.Answer(new ReceiverAnswer(503));

        await Sender().SendAsync(Message(_receiver.Url()), default);

        var received = _receiver.Received;
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.Equal(received[0].Header(WebhookHeaders.Delivery), received[1].Header(WebhookHeaders.Delivery));
        Assert.All(received, r => Assert.Equal(WebhookVerification.Valid, r.Verify(Secret)));
    }

    [Fact]
    public async Task A_429_is_waited_out_for_its_retry_after()
    {
        _receiver.Answer(new ReceiverAnswer(429, RetryAfter: "1"));

        await Sender().SendAsync(Message(_receiver.Url()), default);

        var received = _receiver.Received;
        Assert.Equal(2, received.Count);
        // Backoff alone would wait about 50 ms.
        Assert.True(received[1].ReceivedAt - received[0].ReceivedAt >= TimeSpan.FromMilliseconds(900), $"waited only {received[1].ReceivedAt - received[0].ReceivedAt}");
        Assert.Equal(WebhookVerification.Valid, received[1].Verify(Secret));
    }

    [Fact]
    public async Task A_408_and_a_hanging_attempt_are_retried()
    {
        _receiver.Answer(new ReceiverAnswer(408), new ReceiverAnswer(200, Delay: TimeSpan.FromSeconds(20)));

        await Sender(Fast with { AttemptTimeout = TimeSpan.FromMilliseconds(500) }).SendAsync(Message(_receiver.Url()), default);

        Assert.Equal(3, _receiver.Received.Count);
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_ends_in_webhook_delivery_failed_naming_the_status_not_the_secret()
    {
        _receiver.DefaultAnswer = new ReceiverAnswer(500);
        var message = Message(_receiver.Url("hooks/in?token=path-secret-123"));

        var ex = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Sender().SendAsync(message, default));

        Assert.Equal(4, _receiver.Received.Count); // the first attempt and 3 retries
        Assert.Equal("webhook_delivery_failed", ex.Code);
        Assert.Equal(UpstreamErrorKind.Transient, ex.Kind);
        Assert.IsAssignableFrom<SyncEngineException>(ex);
        Assert.Equal(500, ex.Status);
        Assert.Equal(4, ex.Attempts);
        Assert.Contains("500", ex.Message);
        Assert.Contains("4 attempts", ex.Message);
        var signature = message.Headers[WebhookHeaders.Signature];
        foreach (var text in _logs.Messages.Append(ex.ToString()))
        {
            Assert.DoesNotContain(Secret, text);
            Assert.DoesNotContain(signature.Split("v1=")[1], text);
            Assert.DoesNotContain("path-secret-123", text);
        }
        Assert.Contains(_logs.Messages, m => m.Contains("run-7:0:0:1", StringComparison.Ordinal) && m.Contains("webhook_delivery_failed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(302)]
    public async Task A_refusal_is_not_retried(int status)
    {
        _receiver.Answer(new ReceiverAnswer(status));

        var ex = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Sender().SendAsync(Message(_receiver.Url()), default));

        Assert.Single(_receiver.Received);
        Assert.Equal("webhook_delivery_rejected", ex.Code);
        Assert.Equal(UpstreamErrorKind.Config, ex.Kind);
        Assert.Equal(status, ex.Status);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_cap_fails_at_once_and_reports_the_wait()
    {
        _receiver.Answer(new ReceiverAnswer(429, RetryAfter: "3600"));

        var ex = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Sender().SendAsync(Message(_receiver.Url()), default));

        Assert.Single(_receiver.Received);
        Assert.Equal("webhook_delivery_failed", ex.Code);
        Assert.Equal(429, ex.Status);
        Assert.Equal(TimeSpan.FromHours(1), ex.RetryAfter);
    }

    [Fact]
    public async Task An_unreachable_receiver_is_retried_then_fails_transiently()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var ex = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Sender().SendAsync(Message(new Uri($"http://127.0.0.1:{port}/in")), default));

        Assert.Equal("webhook_delivery_failed", ex.Code);
        Assert.Equal(UpstreamErrorKind.Transient, ex.Kind);
        Assert.Null(ex.Status);
        Assert.Equal(4, ex.Attempts);
    }

    [Fact]
    public async Task Loopback_is_refused_without_the_allow_list_even_behind_a_host_name()
    {
        var strict = Fast with
        {
            AllowedHosts = new HashSet<string>(),
            // DNS rebinding: a public-looking name that resolves to loopback when the connection is made.
            ResolveHost = (_, _) => Task.FromResult(new[] { IPAddress.Loopback }),
        };
        var sender = Sender(strict);

        var literal = await Assert.ThrowsAsync<WebhookDeliveryException>(() => sender.SendAsync(Message(_receiver.Url()), default));
        var named = await Assert.ThrowsAsync<WebhookDeliveryException>(() => sender.SendAsync(Message(new Uri($"https://hooks.example.test:{_receiver.BaseUrl.Port}/in")), default));

        Assert.Empty(_receiver.Received);
        Assert.Equal("webhook_address_refused", literal.Code);
        Assert.Equal("webhook_address_refused", named.Code);
        Assert.Equal(UpstreamErrorKind.Config, named.Kind);
        Assert.Equal(1, named.Attempts); // never retried
    }

    [Fact]
    public async Task Plain_http_is_refused_for_a_host_off_the_allow_list() =>
        Assert.Equal("webhook_address_refused",
            (await Assert.ThrowsAsync<WebhookDeliveryException>(() => Sender().SendAsync(Message(new Uri("http://hooks.example.test/in")), default))).Code);

    [Fact]
    public async Task A_body_that_is_not_ascii_arrives_byte_for_byte()
    {
        var body = Encoding.UTF8.GetBytes("""{"name":"Zoë 🚀"}""");
        var message = WebhookSigner.Sign(_receiver.Url(), WebhookEvents.Completed, "d-1", body, Secret, DateTimeOffset.UtcNow);

        await Sender().SendAsync(message, default);

        var received = Assert.Single(_receiver.Received);
        Assert.Equal(body, received.Body);
        Assert.Equal(WebhookVerification.Valid, received.Verify(Secret));
    }
}
