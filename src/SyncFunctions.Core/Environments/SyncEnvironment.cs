namespace SyncFunctions.Core.Environments;

/// <summary>A tenant. Every stored resource belongs to exactly one environment.</summary>
public sealed record SyncEnvironment(string Id, string Name, DateTimeOffset CreatedAt);
