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

    /// <summary>The accounts a restricted key may see; null when it sees every account of its environment.</summary>
    public IReadOnlySet<string>? AccountIds { get; init; }

    public bool IsRestricted => AccountIds is not null;

    public bool Has(string scope) => Scopes.Contains(scope);

    /// <summary>Whether the caller may see anything of <paramref name="accountId"/>; what it may not see does not exist for it.</summary>
    public bool MaySee(string accountId) => AccountIds is null || AccountIds.Contains(accountId);
}
