using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.Security;

/// <summary>
/// What a caller may see inside its environment: every integrated account, or only those its key is restricted to.
/// Whatever lies outside does not exist for the caller: lookups answer 404 and lists leave it out.
/// </summary>
public sealed record Tenant(string EnvironmentId, IReadOnlySet<string>? AccountIds)
{
    public bool IsRestricted => AccountIds is not null;

    public static Tenant Of(Caller caller) => new(ApiKeyAuthenticator.RequireEnvironment(caller), caller.AccountIds);

    /// <summary>An unrestricted view of an environment (timers, orchestrations, tests).</summary>
    public static Tenant Whole(string environmentId) => new(environmentId, null);

    /// <summary>Code that serves no caller (timers, orchestrations, tests) names an environment and sees all of it.</summary>
    public static implicit operator Tenant(string environmentId) => Whole(environmentId);

    public bool MaySee(string? accountId) => AccountIds is null || (accountId is not null && AccountIds.Contains(accountId));

    /// <summary>404 for an account the caller may not see, worded as the answer for one that does not exist.</summary>
    public void RequireVisible(string? accountId, string what, string field)
    {
        if (!MaySee(accountId))
        {
            throw ApiException.NotFound(what, field);
        }
    }
}
