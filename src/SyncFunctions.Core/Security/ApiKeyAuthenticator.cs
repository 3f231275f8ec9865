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

        return new Caller(key.Id, key.EnvironmentId, new HashSet<string>(key.Scopes, StringComparer.Ordinal));
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
