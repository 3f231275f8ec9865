using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Engine;

namespace SyncFunctions.Upstream;

/// <summary>
/// <see cref="IUpstreamClient"/> over a named <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>, whose
/// handler chain (see <see cref="UpstreamServiceCollectionExtensions.AddUpstreamClient"/>) retries, rate-limits,
/// times out, buffers with a size limit and refuses private addresses at connect time.
/// </summary>
public sealed class HttpUpstreamClient : IUpstreamClient
{
    /// <summary>The <see cref="IHttpClientFactory"/> name of the client this adapter configures and uses.</summary>
    public const string HttpClientName = "SyncFunctions.Upstream";

    private readonly UpstreamHttpSender _sender;
    private readonly OAuthTokenCache _tokens;
    private readonly OAuthTokenFetcher _fetcher;
    private readonly UpstreamClientOptions _options;
    private readonly ILogger _logger;

    internal HttpUpstreamClient(IHttpClientFactory clients, UpstreamClientOptions options, OAuthTokenCache tokens, ILogger logger)
    {
        _sender = new UpstreamHttpSender(clients, options);
        _tokens = tokens;
        _fetcher = new OAuthTokenFetcher(_sender, logger);
        _options = options;
        _logger = logger;
    }

    public Task<UpstreamResponse> SendAsync(UpstreamCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new UpstreamCallRun(call, _sender, _tokens, _fetcher, _options, _logger).RunAsync(cancellationToken);
    }
}
