namespace SyncFunctions.Core.Webhooks;

/// <summary>The body of <c>POST api/webhooks</c>. The signing secret is the hub's to generate, not the caller's to send.</summary>
public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events, string? Description);

/// <summary>A webhook as GET and list return it: never the secret.</summary>
public sealed record WebhookView(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    string? Description,
    string EnvironmentId,
    DateTimeOffset CreatedAt);

/// <summary>The answer to a create: the view plus the signing secret, the only time it is shown.</summary>
public sealed record CreatedWebhookView(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    string? Description,
    string EnvironmentId,
    DateTimeOffset CreatedAt,
    string Secret)
{
    public override string ToString() => $"CreatedWebhookView {{ Id = {Id} }}";
}
