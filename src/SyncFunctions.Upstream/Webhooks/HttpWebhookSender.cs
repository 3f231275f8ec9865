using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Webhooks;

namespace SyncFunctions.Upstream.Webhooks;

/// <summary>
/// <see cref="IWebhookSender"/> over a named <see cref="HttpClient"/> whose handler chain (see
/// <see cref="WebhookServiceCollectionExtensions.AddWebhookSender"/>) retries, times out and refuses private addresses at
/// connect time. A 2xx is success; anything else, once retrying is over, is a <see cref="WebhookDeliveryException"/>.
/// </summary>
public sealed class HttpWebhookSender : IWebhookSender
{
    public const string HttpClientName = "SyncFunctions.Webhooks";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly IHttpClientFactory _clients;
    private readonly WebhookSenderOptions _options;
    private readonly ILogger _logger;

    internal HttpWebhookSender(IHttpClientFactory clients, WebhookSenderOptions options, ILogger logger)
    {
        _clients = clients;
        _options = options;
        _logger = logger;
    }

    public async Task SendAsync(WebhookMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attempts = new WebhookAttempts(message.DeliveryId, message.Url.IsAbsoluteUri ? message.Url.GetLeftPart(UriPartial.Authority) : "(relative URL)");
        if (WebhookRules.CheckUrl(message.Url.OriginalString, _options.AllowedHosts) is { } refusal)
        {
            throw Fail(new WebhookDeliveryException(UpstreamErrorKind.Config, WebhookErrorCodes.AddressRefused,
                $"Delivery {message.DeliveryId} to {attempts.Target} was not sent: {refusal.Message}"), attempts);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, message.Url) { Content = new ByteArrayContent(message.Body) };
        request.Content.Headers.ContentType = Json;
        foreach (var (name, value) in message.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        attempts.AttachTo(request);

        HttpResponseMessage response;
        try
        {
            response = await _clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && Translate(ex, attempts) is { } failure)
        {
            throw Fail(failure, attempts);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var answered = $"The webhook receiver at {attempts.Target} answered {status} ({(HttpStatusCode)status}) to delivery {message.DeliveryId}";
            throw Fail(WebhookResiliencePipeline.IsRetriedStatus(status)
                ? new WebhookDeliveryException(UpstreamErrorKind.Transient, WebhookErrorCodes.DeliveryFailed,
                    $"{answered} after {Plural(attempts.Count)}.", status, attempts.Count, RetryAfterHeader.Read(response, TimeProvider.System))
                : new WebhookDeliveryException(UpstreamErrorKind.Config, WebhookErrorCodes.DeliveryRejected,
                    status is >= 300 and < 400
                        ? $"{answered}: a redirect, which deliveries do not follow; point the webhook at the final URL."
                        : $"{answered}: it refused the delivery, which is not retried.",
                    status, attempts.Count), attempts);
        }
    }

    private static WebhookDeliveryException? Translate(Exception ex, WebhookAttempts attempts) => ex switch
    {
        HttpRequestException when UpstreamResiliencePipeline.IsRefusedAddress(ex) => new WebhookDeliveryException(
            UpstreamErrorKind.Config, WebhookErrorCodes.AddressRefused,
            $"Delivery {attempts.DeliveryId} to {attempts.Target} was not sent: the host resolves to an address webhooks may not use unless it is allow-listed.",
            attempts: attempts.Count, inner: ex),
        TimeoutRejectedException or OperationCanceledException => new WebhookDeliveryException(
            UpstreamErrorKind.Transient, WebhookErrorCodes.DeliveryFailed,
            $"The webhook receiver at {attempts.Target} did not answer delivery {attempts.DeliveryId} in time ({Plural(attempts.Count)}).",
            attempts: attempts.Count, inner: ex),
        HttpRequestException http => new WebhookDeliveryException(
            UpstreamErrorKind.Transient, WebhookErrorCodes.DeliveryFailed,
            $"The webhook receiver at {attempts.Target} could not be reached for delivery {attempts.DeliveryId} ({http.HttpRequestError}, {Plural(attempts.Count)}).",
            attempts: attempts.Count, inner: ex),
        _ => null,
    };

    private WebhookDeliveryException Fail(WebhookDeliveryException failure, WebhookAttempts attempts)
    {
        WebhookLog.GaveUp(_logger, attempts.DeliveryId, attempts.Target, failure.Code, attempts.Count);
        return failure;
    }

    private static string Plural(int count) => count == 1 ? "1 attempt" : $"{count} attempts";
}
