namespace SyncFunctions.Core.Accounts;

public sealed record CreateAccountRequest(
    string? IntegrationName,
    string? Name,
    string? ExternalId,
    IReadOnlyDictionary<string, string>? Variables,
    IReadOnlyDictionary<string, string>? Credentials);

/// <summary>
/// PATCH: members present replace; in <see cref="Variables"/> and <see cref="Credentials"/> each key
/// is merged, and a null value removes that key.
/// </summary>
public sealed record UpdateAccountRequest(
    string? Name,
    string? ExternalId,
    IReadOnlyDictionary<string, string?>? Variables,
    IReadOnlyDictionary<string, string?>? Credentials);

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
    DateTimeOffset UpdatedAt);
