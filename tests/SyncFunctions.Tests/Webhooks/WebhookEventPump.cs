using Microsoft.Extensions.Logging.Abstractions;
using SyncFunctions.Core.Webhooks;
using SyncFunctions.Storage.Queues;
using SyncFunctions.Testing.App;
using SyncFunctions.Tests.Queues;
using SyncFunctions.Webhooks;

namespace SyncFunctions.Tests.Webhooks;

/// <summary>The host's part for <see cref="DeliverWebhookEventFunction"/>: drains the app's webhook event queue through it.</summary>
public sealed class WebhookEventPump(TestApp app, string connectionString)
    : QueuePump(connectionString, app.Get<WebhookEventQueueName>().Value, text => Create(app).Run(text, default))
{
    public DeliverWebhookEventFunction Function => Create(app);

    private static DeliverWebhookEventFunction Create(TestApp app) => new(app.Get<WebhookDispatcher>(), NullLogger<DeliverWebhookEventFunction>.Instance);
}
