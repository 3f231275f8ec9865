namespace SyncFunctions.Core.Webhooks;

/// <summary>
/// A webhook target of one environment. <see cref="ProtectedSecret"/> is the sealed signing secret
/// (see <see cref="WebhookSecrets"/>), never plaintext; the hub opens it only to sign a delivery.
/// </summary>
public sealed record Webhook(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    string? Description,
    string ProtectedSecret,
    DateTimeOffset CreatedAt)
{
    public bool Subscribes(string eventName) => Events.Contains(eventName, StringComparer.Ordinal);

    // Records print every member; the sealed secret has no business in a log line either.
    public override string ToString() => $"Webhook {{ Id = {Id}, Events = [{string.Join(", ", Events)}] }}";
}
