namespace SyncFunctions.Core.Admin;

public sealed record CreateEnvironmentRequest(string? Name);

public sealed record EnvironmentView(string Id, string Name, DateTimeOffset CreatedAt);

/// <param name="IntegratedAccountIds">Restricts the key to these integrated accounts of its environment; omitted: every account.</param>
public sealed record CreateApiKeyRequest(string? EnvironmentId, string? Name, IReadOnlyList<string>? Scopes, IReadOnlyList<string>? IntegratedAccountIds = null);

/// <param name="IntegratedAccountIds">The accounts the key is restricted to; null when it sees every account of its environment.</param>
public record ApiKeyView(string Id, string EnvironmentId, string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string>? IntegratedAccountIds, string KeyPrefix, DateTimeOffset CreatedAt);

/// <summary>The only response that ever carries the token: the one that creates it.</summary>
public sealed record CreatedApiKeyView(string Id, string EnvironmentId, string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string>? IntegratedAccountIds, string KeyPrefix, DateTimeOffset CreatedAt, string Key)
    : ApiKeyView(Id, EnvironmentId, Name, Scopes, IntegratedAccountIds, KeyPrefix, CreatedAt);
