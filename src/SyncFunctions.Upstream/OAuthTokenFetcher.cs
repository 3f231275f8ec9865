using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Auth;

namespace SyncFunctions.Upstream;

/// <summary>The network half of <c>oauth2_client_credentials</c>: POSTs the form <see cref="OAuthClientCredentials"/> builds.</summary>
internal sealed class OAuthTokenFetcher(UpstreamHttpSender sender, ILogger logger)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    public async Task<OAuthToken> FetchAsync(UpstreamCall call, SecretRedactor redactor, CancellationToken cancellationToken)
    {
        var request = OAuthClientCredentials.TokenRequest(call.Auth.Definition!, call.Auth.BaseUrl, call.Auth.Credentials);
        // The token endpoint is not the API: our per-second budget is for the latter.
        var state = new UpstreamSendState("POST", redactor.Url(request.Url), call.RateLimitKey, null, call.OnRetry);
        using var response = await sender.SendAsync("POST", request.Url, NoHeaders, new FormUrlEncodedContent(request.Form), state, cancellationToken);

        var status = (int)response.StatusCode;
        if (status is 400 or 401 or 403)
        {
            // RFC 6749 §5.2 answers bad client credentials with 400 or 401.
            throw new ConfigurationException(EngineErrorCodes.UpstreamRejectedCredentials,
                $"The token endpoint {state.RedactedUrl} refused the client credentials ({status}).", "auth.token_url", UpstreamErrorKind.Auth);
        }
        if (!response.IsSuccessStatusCode)
        {
            throw UpstreamFailures.ForStatus(response, state, singleRecord: false);
        }
        var body = await JsonBody.ReadAsync(response, SecretRedactor.None, UpstreamFailures.Describe(state), cancellationToken);
        var token = OAuthClientCredentials.ParseTokenResponse(body);
        UpstreamLog.TokenFetched(logger, call.Auth.CacheKey, state.RedactedUrl, (long)(token.ExpiresIn?.TotalSeconds ?? -1));
        return token;
    }
}
