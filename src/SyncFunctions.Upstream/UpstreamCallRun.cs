using System.Net;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Auth;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Upstream;

/// <summary>
/// One <see cref="UpstreamCall"/> from first request to result: authentication (with the OAuth token from the
/// cache, and one fresh token after a 401), redirects (credentials only to the original origin), and the answer.
/// </summary>
internal sealed class UpstreamCallRun
{
    private static readonly string[] NonSecretCredentials = [CredentialNames.Username, CredentialNames.ClientId];

    private readonly UpstreamCall _call;
    private readonly UpstreamHttpSender _sender;
    private readonly OAuthTokenCache _tokens;
    private readonly OAuthTokenFetcher _fetcher;
    private readonly UpstreamClientOptions _options;
    private readonly ILogger _logger;
    private readonly AuthDefinition? _auth;
    private readonly bool _isOAuth;
    private readonly string? _authQueryName;
    private readonly List<string> _secrets;

    private string? _accessToken;
    private bool _tokenCached;
    private SecretRedactor _redactor;

    public UpstreamCallRun(UpstreamCall call, UpstreamHttpSender sender, OAuthTokenCache tokens, OAuthTokenFetcher fetcher, UpstreamClientOptions options, ILogger logger)
    {
        _call = call;
        _sender = sender;
        _tokens = tokens;
        _fetcher = fetcher;
        _options = options;
        _logger = logger;
        _auth = call.Auth.Definition;
        _isOAuth = _auth?.Type == AuthTypes.OAuth2ClientCredentials;
        _authQueryName = _auth?.Type == AuthTypes.ApiKey && _auth.In == "query" ? _auth.Name ?? AuthApplier.DefaultApiKeyQuery : null;
        _secrets = [.. call.Auth.Credentials.Where(c => !NonSecretCredentials.Contains(c.Key)).Select(c => c.Value)];
        _redactor = new SecretRedactor(_secrets, _authQueryName);
    }

    public async Task<UpstreamResponse> RunAsync(CancellationToken cancellationToken)
    {
        var method = _call.Request.Method.ToUpperInvariant();
        var origin = _call.Request.Url;
        var url = origin;
        for (var redirects = 0; ; redirects++)
        {
            var (response, state) = await SendAsync(method, url, SameOrigin(url, origin), cancellationToken);
            using (response)
            {
                if (!IsRedirect(response.StatusCode))
                {
                    return await ResultAsync(response, state, url, cancellationToken);
                }
                var next = RedirectTarget(response, url, state, redirects);
                UpstreamLog.Redirecting(_logger, method, state.RedactedUrl, (int)response.StatusCode, _redactor.Url(next));
                // As browsers do: 303 always, and 301/302 after a POST, continue with GET.
                if (response.StatusCode == HttpStatusCode.SeeOther
                    || (response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && method == "POST"))
                {
                    method = "GET";
                }
                url = next;
            }
        }
    }

    private async Task<(HttpResponseMessage, UpstreamSendState)> SendAsync(string method, Uri url, bool authenticate, CancellationToken cancellationToken)
    {
        var (response, state) = await SendOnceAsync(method, url, authenticate, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && authenticate && _isOAuth && _tokenCached)
        {
            // A cached token can be revoked or expire early; a token fetched for this call being refused is a real auth error.
            response.Dispose();
            UpstreamLog.TokenRejected(_logger, method, state.RedactedUrl);
            _tokens.Invalidate(TokenCacheKey(), _accessToken!);
            _accessToken = null;
            (response, state) = await SendOnceAsync(method, url, authenticate, cancellationToken);
        }
        return (response, state);
    }

    private async Task<(HttpResponseMessage, UpstreamSendState)> SendOnceAsync(string method, Uri url, bool authenticate, CancellationToken cancellationToken)
    {
        var request = new UpstreamRequest(method, url, _call.Request.Headers);
        if (authenticate)
        {
            if (_isOAuth && _accessToken is null)
            {
                await GetTokenAsync(cancellationToken);
            }
            var credentials = _accessToken is null
                ? _call.Auth.Credentials
                : new Dictionary<string, string>(_call.Auth.Credentials) { [CredentialNames.AccessToken] = _accessToken };
            request = AuthApplier.Apply(request, _auth, credentials);
            RememberSecrets(AuthApplier.For(_auth, credentials));
        }
        var state = new UpstreamSendState(method, _redactor.Url(request.Url), _call.RateLimitKey, _call.RequestsPerSecond, _call.OnRetry);
        var response = await _sender.SendAsync(method, request.Url, request.Headers, null, state, cancellationToken);
        return (response, state);
    }

    private async Task GetTokenAsync(CancellationToken cancellationToken)
    {
        (_accessToken, _tokenCached) = await _tokens.GetAsync(TokenCacheKey(), ct => _fetcher.FetchAsync(_call, _redactor, ct), cancellationToken);
        _secrets.Add(_accessToken);
        _redactor = new SecretRedactor(_secrets, _authQueryName);
    }

    /// <summary>The exact header and query values auth adds (a Basic header's base64, say) are secrets too.</summary>
    private void RememberSecrets(AuthAdditions additions)
    {
        var added = additions.Headers.Values.SelectMany(v => new[] { v, v[(v.IndexOf(' ', StringComparison.Ordinal) + 1)..] })
            .Concat(additions.Query.Values)
            .Where(v => !_secrets.Contains(v))
            .ToList();
        if (added.Count > 0)
        {
            _secrets.AddRange(added);
            _redactor = new SecretRedactor(_secrets, _authQueryName);
        }
    }

    private async Task<UpstreamResponse> ResultAsync(HttpResponseMessage response, UpstreamSendState state, Uri url, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw UpstreamFailures.ForStatus(response, state, _call.SingleRecord);
        }
        var body = await JsonBody.ReadAsync(response, _redactor, UpstreamFailures.Describe(state), cancellationToken);
        return new UpstreamResponse((int)response.StatusCode, ResponseHeaders.From(response, _redactor), body, _redactor.WithoutAuthQuery(url));
    }

    private Uri RedirectTarget(HttpResponseMessage response, Uri from, UpstreamSendState state, int redirectsSoFar)
    {
        var what = UpstreamFailures.Describe(state);
        if (redirectsSoFar >= _options.MaxRedirects)
        {
            throw new ConfigurationException(UpstreamErrorCodes.InvalidRedirect, $"{what} redirected more than {_options.MaxRedirects} times.");
        }
        if (response.Headers.Location is not { } location
            || !Uri.TryCreate(from, location, out var target)
            || target.Scheme is not ("http" or "https"))
        {
            throw new ConfigurationException(UpstreamErrorCodes.InvalidRedirect, $"{what} redirected without a usable http(s) Location.");
        }
        if (from.Scheme == "https" && target.Scheme == "http")
        {
            throw new ConfigurationException(UpstreamErrorCodes.InvalidRedirect, $"{what} redirected from https to http, which the hub does not follow.");
        }
        // Auth is applied afresh for each hop; a parameter the upstream echoed back must not travel on its own.
        return _redactor.StripAuthQuery(target);
    }

    private string TokenCacheKey() =>
        // Another token endpoint or client id (an edited integration or account) must not reuse the old token.
        $"{_call.Auth.CacheKey}\n{_auth?.TokenUrl}\n{_call.Auth.Credentials.GetValueOrDefault(CredentialNames.ClientId)}";

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase);

    private static bool IsRedirect(HttpStatusCode status) => status is
        HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
        or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
