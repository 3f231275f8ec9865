namespace SyncFunctions.Core.ApiKeys;

/// <summary>A stored API key. The token itself is never stored, only its hash.</summary>
public sealed record ApiKey(
    string Id,
    string EnvironmentId,
    string Name,
    IReadOnlyList<string> Scopes,
    string TokenHash,
    string TokenPrefix,
    DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The integrated accounts this key is restricted to (a key handed to one customer's devices); null when the key
    /// sees every account of its environment.
    /// </summary>
    public IReadOnlyList<string>? IntegratedAccountIds { get; init; }
}
