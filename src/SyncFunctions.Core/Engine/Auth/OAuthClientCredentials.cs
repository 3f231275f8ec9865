using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Engine.Auth;

/// <summary>The token request of the client-credentials grant (RFC 6749 §4.4): where to POST and the form to send.</summary>
public sealed record OAuthTokenRequest(Uri Url, IReadOnlyDictionary<string, string> Form);

/// <summary>An access token and how long it lives (null when the server did not say).</summary>
public sealed record OAuthToken(string AccessToken, TimeSpan? ExpiresIn);

/// <summary>The pure half of <c>oauth2_client_credentials</c>; the HTTP adapter sends the request and caches the token.</summary>
public static class OAuthClientCredentials
{
    /// <summary>The token request; a relative <c>token_url</c> resolves against the rendered base URL.</summary>
    /// <exception cref="ConfigurationException">No token_url (Config), or no client_id/client_secret (Auth).</exception>
    public static OAuthTokenRequest TokenRequest(AuthDefinition auth, Uri baseUrl, IReadOnlyDictionary<string, string> credentials)
    {
        if (string.IsNullOrWhiteSpace(auth.TokenUrl))
        {
            throw new ConfigurationException(EngineErrorCodes.UnsupportedAuth, "oauth2_client_credentials needs auth.token_url.", "auth.token_url");
        }
        var url = auth.TokenUrl.StartsWith('/')
            ? new Uri(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + auth.TokenUrl)
            : Uri.TryCreate(auth.TokenUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
                ? absolute
                : throw new ConfigurationException(EngineErrorCodes.InvalidUrl, $"auth.token_url '{auth.TokenUrl}' is not an http(s) URL or a path.", "auth.token_url");

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            [CredentialNames.ClientId] = Require(credentials, CredentialNames.ClientId),
            [CredentialNames.ClientSecret] = Require(credentials, CredentialNames.ClientSecret),
        };
        if (!string.IsNullOrWhiteSpace(auth.Scope))
        {
            form["scope"] = auth.Scope;
        }
        return new OAuthTokenRequest(url, form);
    }

    /// <summary>Reads <c>access_token</c> and <c>expires_in</c> from a token response body.</summary>
    /// <exception cref="ConfigurationException">Kind Auth: no access token in the response.</exception>
    public static OAuthToken ParseTokenResponse(JsonNode? body)
    {
        var response = body as JsonObject;
        var token = response?["access_token"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        if (string.IsNullOrEmpty(token))
        {
            throw new ConfigurationException(EngineErrorCodes.MissingCredential, "The token endpoint's response has no access_token.", "auth.token_url", UpstreamErrorKind.Auth);
        }
        TimeSpan? expires = JsonNumbers.TryGetDouble(response?["expires_in"], out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
        return new OAuthToken(token, expires);
    }

    private static string Require(IReadOnlyDictionary<string, string> credentials, string name) =>
        credentials.GetValueOrDefault(name) is { Length: > 0 } value
            ? value
            : throw new ConfigurationException(EngineErrorCodes.MissingCredential,
                $"oauth2_client_credentials auth needs the credential '{name}', which the integrated account does not have.", $"credentials.{name}", UpstreamErrorKind.Auth);
}
