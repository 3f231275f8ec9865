namespace SyncFunctions.Core.Accounts;

public sealed record CreateAccountRequest(
    string? IntegrationName,
    string? Name,
    string? ExternalId,
    IReadOnlyDictionary<string, string>? Variables,
    IReadOnlyDictionary<string, string>? Credentials)
{
    /// <summary>This account's overrides of unified mappings, keyed by unified resource (<c>crm/contacts</c>).</summary>
    public IReadOnlyDictionary<string, Unified.ResourceMapping?>? UnifiedOverrides { get; init; }
}

/// <summary>
/// PATCH: members present replace; in <see cref="Variables"/> and <see cref="Credentials"/> each key
/// is merged, and a null value removes that key.
/// </summary>
public sealed record UpdateAccountRequest(
    string? Name,
    string? ExternalId,
    IReadOnlyDictionary<string, string?>? Variables,
    IReadOnlyDictionary<string, string?>? Credentials)
{
    /// <summary>Merged per unified resource: an override given replaces that resource's, null removes it.</summary>
    public IReadOnlyDictionary<string, Unified.ResourceMapping?>? UnifiedOverrides { get; init; }
}

/// <summary>Credentials are write-only: only their names come back.</summary>
public sealed record AccountView(
    string Id,
    string IntegrationName,
    string? Name,
    string? ExternalId,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<string> CredentialNames,
    string EnvironmentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Overrides of unified mappings for this account (beat the integration's and the model's).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, Unified.ResourceMapping?>? UnifiedOverrides { get; init; }
}
