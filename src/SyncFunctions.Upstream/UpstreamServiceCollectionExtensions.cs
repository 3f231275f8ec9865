using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Engine;

namespace SyncFunctions.Upstream;

public static class UpstreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IUpstreamClient"/> and its named HTTP client. Handlers, outermost first: the resilience
    /// pipeline (total timeout, retry, rate limit, attempt timeout), attempt logging, body buffering, then a
    /// <see cref="SocketsHttpHandler"/> with the SSRF connect check, no proxy, no cookies and no automatic redirects.
    /// </summary>
    public static IServiceCollection AddUpstreamClient(this IServiceCollection services, UpstreamClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<UpstreamRateLimiter>();
        services.AddSingleton(sp => new OAuthTokenCache(sp.GetRequiredService<TimeProvider>(), options.TokenRefreshMargin));

        var builder = services.AddHttpClient(HttpUpstreamClient.HttpClientName, client =>
            {
                // The resilience pipeline owns time limits; HttpClient's own 100 s would cut across them.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.TryParseAdd(options.UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Redirects are followed by the adapter, which decides per hop whether credentials go along.
                AllowAutoRedirect = false,
                // Through a proxy the connect callback would vet the proxy, not the upstream.
                UseProxy = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                ConnectCallback = SsrfConnectCallback.Create(options.AllowedHosts, options.ResolveHost, options.LocalAddresses),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            // Our attempt log replaces the factory's, which would log every request again at Information and mask only the query.
            .RemoveAllLoggers();
        // Handlers added later sit further in: each retry passes through the logging and buffering handlers again.
        builder.AddResilienceHandler("upstream", (pipeline, context) => UpstreamResiliencePipeline.Configure(
            pipeline, options, context.ServiceProvider.GetRequiredService<UpstreamRateLimiter>(), Logger(context.ServiceProvider)));
        builder.AddHttpMessageHandler(sp => new AttemptLoggingHandler(Logger(sp)));
        builder.AddHttpMessageHandler(() => new ResponseBufferingHandler(options.MaxResponseBytes));

        services.AddSingleton<IUpstreamClient>(sp => new HttpUpstreamClient(
            sp.GetRequiredService<IHttpClientFactory>(), options, sp.GetRequiredService<OAuthTokenCache>(), Logger(sp)));
        return services;
    }

    private static ILogger Logger(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger(UpstreamLog.Category);
}
