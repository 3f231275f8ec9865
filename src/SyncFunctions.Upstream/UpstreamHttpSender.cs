using System.Net.Http.Headers;
using SyncFunctions.Core.Engine;

namespace SyncFunctions.Upstream;

/// <summary>
/// Sends one request (its retries included) through the named client, after the URL check that needs no network,
/// and translates pipeline exceptions. Both API calls and OAuth token requests go through here.
/// </summary>
internal sealed class UpstreamHttpSender(IHttpClientFactory clients, UpstreamClientOptions options)
{
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    /// <summary>The final answer, any status; the caller disposes it. A 2xx body is already buffered.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        string method, Uri url, IReadOnlyDictionary<string, string> headers, HttpContent? content,
        UpstreamSendState state, CancellationToken cancellationToken)
    {
        CheckUrl(url, state);
        using var message = new HttpRequestMessage(new HttpMethod(method), url) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                throw new ConfigurationException(EngineErrorCodes.InvalidHeader,
                    $"The header '{name}' cannot be sent on a request without a body.", $"headers.{name}");
            }
        }
        if (message.Headers.Accept.Count == 0)
        {
            message.Headers.Accept.Add(Json);
        }
        state.AttachTo(message);

        var client = clients.CreateClient(HttpUpstreamClient.HttpClientName);
        try
        {
            return await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && UpstreamFailures.ForException(ex, state) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Refuses what can be refused without resolving: bad schemes, user info, literal private IPs and localhost.</summary>
    private void CheckUrl(Uri url, UpstreamSendState state)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0)
        {
            throw new ConfigurationException(EngineErrorCodes.InvalidUrl,
                $"The upstream URL {state.RedactedUrl} is not an absolute http(s) URL without user info.", "base_url");
        }
        var check = UpstreamUrlPolicy.CheckUrl(url, options.AllowedHosts);
        if (!check.IsAllowed)
        {
            throw new ConfigurationException(UpstreamErrorCodes.AddressRefused, $"{check.Reason} ({UpstreamFailures.Describe(state)})", "base_url");
        }
    }
}
