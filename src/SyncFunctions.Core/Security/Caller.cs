namespace SyncFunctions.Core.Security;

/// <summary>
/// Who is calling. A stored key is bound to one environment; the root admin key (from app settings)
/// is bound to none and may only administer environments and keys.
/// </summary>
public sealed record Caller(string KeyId, string? EnvironmentId, IReadOnlySet<string> Scopes)
{
    public const string RootKeyId = "root";

    public bool IsRoot => EnvironmentId is null;

    public static Caller Root { get; } = new(RootKeyId, null, new HashSet<string>([Security.Scopes.Admin]));

    public bool Has(string scope) => Scopes.Contains(scope);
}
