using SyncFunctions.Core.ApiKeys;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.Security;

/// <summary>
/// Turns an <c>Authorization</c> header into a <see cref="Caller"/>. The root admin key comes from
/// app settings; every other key is looked up by the hash of the presented token.
/// </summary>
public sealed class ApiKeyAuthenticator(IApiKeyStore keys, RootAdminKey rootKey)
{
    public async Task<Caller> AuthenticateAsync(string? authorization, CancellationToken ct)
    {
        var token = ParseBearer(authorization)
            ?? throw ApiException.Unauthorized("Send an API key as 'Authorization: Bearer <key>'.");

        if (rootKey.Matches(token))
        {
            return Caller.Root;
        }

        if (token.Length != ApiKeyTokens.Length)
        {
            throw ApiException.Unauthorized("The API key is not valid.");
        }

        var key = await keys.FindByHashAsync(ApiKeyTokens.Hash(token), ct)
            ?? throw ApiException.Unauthorized("The API key is not valid.");

        return new Caller(key.Id, key.EnvironmentId, new HashSet<string>(key.Scopes, StringComparer.Ordinal))
        {
            AccountIds = key.IntegratedAccountIds is { } ids ? new HashSet<string>(ids, StringComparer.Ordinal) : null,
        };
    }

    /// <summary>403 unless the caller holds <paramref name="scope"/>.</summary>
    public static void RequireScope(Caller caller, string scope)
    {
        if (!caller.Has(scope))
        {
            throw ApiException.Forbidden(ErrorCodes.InsufficientScope, $"This operation needs the '{scope}' scope.");
        }
    }

    /// <summary>The environment a tenant operation runs in; the root key belongs to none.</summary>
    public static string RequireEnvironment(Caller caller) =>
        caller.EnvironmentId ?? throw ApiException.Forbidden(
            ErrorCodes.EnvironmentKeyRequired,
            "The root admin key manages environments and keys only; use a key created for an environment.");

    /// <summary>
    /// 403 for a key restricted to accounts: what shapes the whole environment (accounts, integrations, jobs, schedules,
    /// webhooks, environment-wide runs) is the product's business, not one of its customers'.
    /// </summary>
    public static void RequireUnrestricted(Caller caller)
    {
        if (caller.IsRestricted)
        {
            throw ApiException.Forbidden(ErrorCodes.UnrestrictedKeyRequired, "This operation needs a key that is not restricted to integrated accounts.");
        }
    }

    private static string? ParseBearer(string? header)
    {
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}

/// <summary>The bootstrap admin key from app settings; disabled when unset or too short to be a secret.</summary>
public sealed class RootAdminKey(string? value)
{
    public const int MinimumLength = 32;

    public bool IsConfigured { get; } = value is { Length: >= MinimumLength };

    public bool Matches(string token) => IsConfigured && ApiKeyTokens.SecretEquals(token, value!);
}
