namespace SyncFunctions.Core.Accounts;

/// <summary>One customer's connection to an integration. <see cref="ProtectedCredentials"/> is the sealed blob, never plaintext.</summary>
public sealed record IntegratedAccount(
    string Id,
    string IntegrationName,
    string? Name,
    string? ExternalId,
    IReadOnlyDictionary<string, string> Variables,
    string? ProtectedCredentials,
    IReadOnlyList<string> CredentialNames,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Overrides of unified mappings for this account, keyed by unified resource.</summary>
    public IReadOnlyDictionary<string, Unified.ResourceMapping?>? UnifiedOverrides { get; init; }
}
