using SyncFunctions.Core.Ids;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Webhooks;

/// <summary>Webhook targets of one environment. Targets are immutable: to change one, create a new one (and a new secret) and delete the old.</summary>
public sealed class WebhookService(IWebhookStore store, WebhookSecrets secrets, UpstreamAllowList allowList, CursorCodec cursors, TimeProvider clock)
{
    public async Task<CreatedWebhookView> CreateAsync(string environmentId, CreateWebhookRequest request, CancellationToken ct)
    {
        var errors = WebhookRules.Check(request, allowList.Hosts);
        if (errors.Count > 0)
        {
            throw ApiException.Validation(errors);
        }

        var id = TimeOrderedId.New(clock);
        var secret = WebhookSecrets.Generate();
        var webhook = new Webhook(
            id,
            request.Url!,
            WebhookRules.NormalizeEvents(request.Events),
            request.Description,
            secrets.Seal(secret, environmentId, id),
            clock.GetUtcNow());
        await store.CreateAsync(environmentId, webhook, ct);
        return new CreatedWebhookView(webhook.Id, webhook.Url, webhook.Events, webhook.Description, environmentId, webhook.CreatedAt, secret);
    }

    public async Task<WebhookView> GetAsync(string environmentId, string id, CancellationToken ct) =>
        View(environmentId, await store.GetAsync(environmentId, id, ct) ?? throw NotFound());

    public async Task DeleteAsync(string environmentId, string id, CancellationToken ct)
    {
        if (!await store.DeleteAsync(environmentId, id, ct))
        {
            throw NotFound();
        }
    }

    public async Task<CursorPage<WebhookView>> ListAsync(string environmentId, string? cursor, int limit, CancellationToken ct)
    {
        var scope = $"webhooks:{environmentId}";
        var page = await store.ListAsync(environmentId, limit, cursors.Decode(scope, cursor), ct);
        return new CursorPage<WebhookView>(
            page.Items.Select(w => View(environmentId, w)).ToList(),
            page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }

    private static ApiException NotFound() => ApiException.NotFound("The webhook", "id");

    private static WebhookView View(string environmentId, Webhook w) => new(w.Id, w.Url, w.Events, w.Description, environmentId, w.CreatedAt);
}
