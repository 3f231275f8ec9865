using System.Text;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Engine.Auth;

/// <summary>
/// Turns an auth definition plus an account's credentials into request additions. Kept apart from
/// <see cref="RequestBuilder"/> so built requests can be logged and stored without secrets.
/// </summary>
public static class AuthApplier
{
    public const string DefaultApiKeyHeader = "X-API-Key";
    public const string DefaultApiKeyQuery = "api_key";

    /// <summary>The headers / query parameters for <paramref name="auth"/> (null means none).</summary>
    /// <exception cref="ConfigurationException">
    /// Kind <see cref="UpstreamErrorKind.Auth"/> and code <c>missing_credential</c> when a needed credential is
    /// absent or empty; kind <see cref="UpstreamErrorKind.Config"/> for an unsupported auth definition.
    /// </exception>
    public static AuthAdditions For(AuthDefinition? auth, IReadOnlyDictionary<string, string> credentials)
    {
        switch (auth?.Type ?? AuthTypes.None)
        {
            case AuthTypes.None:
                return AuthAdditions.None;

            case AuthTypes.Bearer:
                return Header("Authorization", "Bearer " + Require(credentials, CredentialNames.Token, AuthTypes.Bearer));

            case AuthTypes.OAuth2ClientCredentials:
                return Header("Authorization", "Bearer " + Require(credentials, CredentialNames.AccessToken, AuthTypes.OAuth2ClientCredentials));

            case AuthTypes.Basic:
                var user = Require(credentials, CredentialNames.Username, AuthTypes.Basic);
                if (user.Contains(':', StringComparison.Ordinal))
                {
                    throw new ConfigurationException(EngineErrorCodes.MissingCredential,
                        "The basic auth username cannot contain ':' (RFC 7617).", "credentials.username", UpstreamErrorKind.Auth);
                }
                // An empty password is legitimate (APIs that take the key as the username, e.g. Stripe).
                var password = credentials.GetValueOrDefault(CredentialNames.Password) ?? "";
                return Header("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

            case AuthTypes.ApiKey:
                var key = Require(credentials, CredentialNames.ApiKey, AuthTypes.ApiKey);
                return (auth!.In ?? "header") switch
                {
                    "header" => Header(auth.Name ?? DefaultApiKeyHeader, key),
                    "query" => new AuthAdditions(new Dictionary<string, string>(), new Dictionary<string, string> { [auth.Name ?? DefaultApiKeyQuery] = key }),
                    var other => throw new ConfigurationException(EngineErrorCodes.UnsupportedAuth,
                        $"api_key auth cannot go in '{other}' (header or query).", "auth.in"),
                };

            default:
                throw new ConfigurationException(EngineErrorCodes.UnsupportedAuth, $"Auth type '{auth!.Type}' is not supported.", "auth.type");
        }
    }

    /// <summary>A copy of <paramref name="request"/> with the auth headers set and query parameters set (replacing any of the same name).</summary>
    public static UpstreamRequest Apply(UpstreamRequest request, AuthDefinition? auth, IReadOnlyDictionary<string, string> credentials)
    {
        var additions = For(auth, credentials);
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in additions.Headers)
        {
            headers[name] = value;
        }
        var url = request.Url;
        foreach (var (name, value) in additions.Query)
        {
            url = UrlQuery.Set(url, name, Uri.EscapeDataString(value));
        }
        return request with { Url = url, Headers = headers };
    }

    private static AuthAdditions Header(string name, string value) =>
        new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [name] = value }, new Dictionary<string, string>());

    private static string Require(IReadOnlyDictionary<string, string> credentials, string name, string type)
    {
        var value = credentials.GetValueOrDefault(name);
        if (string.IsNullOrEmpty(value))
        {
            throw new ConfigurationException(EngineErrorCodes.MissingCredential,
                $"{type} auth needs the credential '{name}', which the integrated account does not have.", $"credentials.{name}", UpstreamErrorKind.Auth);
        }
        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ConfigurationException(EngineErrorCodes.MissingCredential,
                $"The credential '{name}' contains a line break.", $"credentials.{name}", UpstreamErrorKind.Auth);
        }
        return value;
    }
}
