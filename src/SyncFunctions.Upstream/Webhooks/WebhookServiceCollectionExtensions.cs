using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Webhooks;

namespace SyncFunctions.Upstream.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IWebhookSender"/> and its named HTTP client: the resilience pipeline (total timeout, retry,
    /// attempt timeout), attempt logging, then a <see cref="SocketsHttpHandler"/> with the SSRF connect check, no proxy,
    /// no cookies and no redirects.
    /// </summary>
    public static IServiceCollection AddWebhookSender(this IServiceCollection services, WebhookSenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var builder = services.AddHttpClient(HttpWebhookSender.HttpClientName, client =>
            {
                // The resilience pipeline owns time limits.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.TryParseAdd(options.UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect would send the signed body somewhere the webhook's owner did not name.
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectCallback = SsrfConnectCallback.Create(options.AllowedHosts, options.ResolveHost, options.LocalAddresses),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            // Our attempt log replaces the factory's, which would log full URLs (webhook paths carry tokens).
            .RemoveAllLoggers();
        builder.AddResilienceHandler("webhooks", (pipeline, context) => WebhookResiliencePipeline.Configure(pipeline, options, Logger(context.ServiceProvider)));
        builder.AddHttpMessageHandler(sp => new WebhookAttemptHandler(Logger(sp)));

        services.AddSingleton<IWebhookSender>(sp => new HttpWebhookSender(sp.GetRequiredService<IHttpClientFactory>(), options, Logger(sp)));
        return services;
    }

    private static ILogger Logger(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger(WebhookLog.Category);
}
