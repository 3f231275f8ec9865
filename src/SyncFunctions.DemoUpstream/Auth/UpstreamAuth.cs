namespace SyncFunctions.DemoUpstream;

/// <summary>
/// Credentials the upstream accepts. Any configured scheme is enough on its own; with none configured the API is open,
/// which is what most tests want.
/// </summary>
public sealed record UpstreamAuth
{
    /// <summary>Static token accepted as <c>Authorization: Bearer …</c>.</summary>
    public string? BearerToken { get; init; }

    /// <summary>Accepted in header <c>X-API-Key</c> or query <c>api_key</c>.</summary>
    public string? ApiKey { get; init; }

    public string? BasicUser { get; init; }
    public string? BasicPassword { get; init; }

    /// <summary>Client-credentials pair for <c>POST /oauth/token</c>; issued tokens are then accepted as Bearer.</summary>
    public string? OAuthClientId { get; init; }
    public string? OAuthClientSecret { get; init; }

    public TimeSpan OAuthTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    public bool IsOpen => BearerToken is null && ApiKey is null && !HasBasic && !HasOAuth;
    internal bool HasBasic => BasicUser is not null && BasicPassword is not null;
    internal bool HasOAuth => OAuthClientId is not null && OAuthClientSecret is not null;
}
