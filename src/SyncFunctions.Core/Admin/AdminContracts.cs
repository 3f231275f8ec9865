namespace SyncFunctions.Core.Admin;

public sealed record CreateEnvironmentRequest(string? Name);

public sealed record EnvironmentView(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record CreateApiKeyRequest(string? EnvironmentId, string? Name, IReadOnlyList<string>? Scopes);

public record ApiKeyView(string Id, string EnvironmentId, string Name, IReadOnlyList<string> Scopes, string KeyPrefix, DateTimeOffset CreatedAt);

/// <summary>The only response that ever carries the token: the one that creates it.</summary>
public sealed record CreatedApiKeyView(string Id, string EnvironmentId, string Name, IReadOnlyList<string> Scopes, string KeyPrefix, DateTimeOffset CreatedAt, string Key)
    : ApiKeyView(Id, EnvironmentId, Name, Scopes, KeyPrefix, CreatedAt);
