using System.Text.Json.Nodes;
using SyncFunctions.Core.Webhooks;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Testing.Webhooks;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.Webhooks;
using SyncFunctions.Webhooks;

namespace SyncFunctions.Tests.Queues;

/// <summary>
/// A webhook event the app queues reaches <c>DeliverWebhookEvent</c> as the Storage queue trigger would hand it over:
/// the stored text read raw from Azurite, decoded with host.json's message encoding (see <see cref="QueueTriggerDecoding"/>).
/// </summary>
public sealed class WebhookEventMessageEncodingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    // Latin accents, a dash, CJK and an emoji (a surrogate pair): every UTF-8 length from 2 to 4 bytes.
    private const string NonAscii = "Zoë Ångström — 東京 🚀";

    private TestApp _app = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _app = await TestApp.StartAsync(azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_queued_event_with_non_ascii_data_decodes_as_the_trigger_decodes_it_and_is_delivered()
    {
        var admin = new AdminClient(_app);
        var env = await admin.NewEnvironmentAsync("encoding");
        var key = (await admin.NewKeyAsync(env, "webhooks")).Token;
        var created = await TestRequest.Post("webhooks").Bearer(key).Json(new { url = _receiver.Url("hooks/encoding").ToString() })
            .SendAsync(_app.Function<WebhookFunctions>().Create);
        Assert.True(created.Status == 201, created.ToString());
        var message = new WebhookEventMessage(env, created.Str("id")!, WebhookEvents.Completed, "run-e:completed", new JsonObject { ["name"] = NonAscii });

        await _app.Get<IWebhookEventQueue>().EnqueueAsync(message, default);

        var pump = new WebhookEventPump(_app, azurite.ConnectionString);
        var stored = Assert.Single((await pump.Queue.PeekMessagesAsync(10)).Value);
        var text = QueueTriggerDecoding.Decode(stored.Body.ToString(), QueueTriggerDecoding.MessageEncoding);
        Assert.Equal(message.ToJson(), text);

        Assert.Equal(1, await pump.DrainAsync());
        var delivered = Assert.Single(_receiver.Received);
        Assert.Equal(WebhookVerification.Valid, delivered.Verify(created.Str("secret")!));
        Assert.Equal(NonAscii, delivered.Json.GetProperty("payload").GetProperty("name").GetString());
        Assert.Empty((await pump.Queue.PeekMessagesAsync(10)).Value);
    }
}
