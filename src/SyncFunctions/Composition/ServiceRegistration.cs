using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core;
using SyncFunctions.Core.Runs;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Schedules;
using SyncFunctions.Storage;
using SyncFunctions.Telemetry;
using SyncFunctions.Upstream;
using SyncFunctions.Upstream.Webhooks;
using SyncFunctions.Webhooks;

namespace SyncFunctions.Composition;

/// <summary>The one composition root, used by Program.cs and by the test hosts alike.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddSyncFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = SyncFunctionsSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddSyncCore(new CoreOptions(settings.AdminKey, settings.MasterKey, settings.AllowedUpstreamHosts, settings.Pacing, settings.PageBudget, settings.DeviceSync));
        services.AddTableStorage(settings.Storage, settings.TablePrefix);
        services.AddUpstream(settings);
        services.AddApp(settings);
        return services;
    }

    /// <summary>The app's own: wire serialization, the HTTP pipeline and the triggers' helpers.</summary>
    private static void AddApp(this IServiceCollection services, SyncFunctionsSettings settings)
    {
        services.AddWireSerialization();
        services.AddSingleton<HttpApi>();
        services.AddSingleton<CronScheduler>();
        services.AddSingleton<RunLogScope>();
        services.AddSingleton<IRunObserver, WebhookRunObserver>();
        if (settings.DemoSeed is { } demo)
        {
            services.AddSingleton(demo);
            services.AddHostedService<DemoSeedService>();
        }
    }

    /// <summary>Upstream calls and webhook deliveries, with the retry settings that override their defaults.</summary>
    private static void AddUpstream(this IServiceCollection services, SyncFunctionsSettings settings)
    {
        var upstream = new UpstreamClientOptions { AllowedHosts = settings.AllowedUpstreamHosts.Hosts };
        services.AddUpstreamClient(upstream with
        {
            MaxRetryAttempts = settings.UpstreamRetries.MaxRetryAttempts ?? upstream.MaxRetryAttempts,
            RetryBaseDelay = settings.UpstreamRetries.BaseDelay ?? upstream.RetryBaseDelay,
        });
        var webhooks = new WebhookSenderOptions { AllowedHosts = settings.AllowedUpstreamHosts.Hosts };
        var webhookTimeout = settings.WebhookDelivery.TotalTimeout ?? webhooks.TotalTimeout;
        services.AddWebhookSender(webhooks with
        {
            MaxRetryAttempts = settings.WebhookDelivery.MaxRetryAttempts ?? webhooks.MaxRetryAttempts,
            RetryBaseDelay = settings.WebhookDelivery.BaseDelay ?? webhooks.RetryBaseDelay,
            TotalTimeout = webhookTimeout,
            AttemptTimeout = webhookTimeout < webhooks.AttemptTimeout ? webhookTimeout : webhooks.AttemptTimeout,
        });
    }
}
