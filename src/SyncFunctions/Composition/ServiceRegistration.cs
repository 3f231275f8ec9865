using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Admin;
using SyncFunctions.Core.Connections;
using SyncFunctions.Core.CronTriggers;
using SyncFunctions.Core.Demo;
using SyncFunctions.Core.Health;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.RateLimits;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Security;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;
using SyncFunctions.Core.Webhooks;
using SyncFunctions.DeviceSync;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Runs;
using SyncFunctions.Schedules;
using SyncFunctions.Storage;
using SyncFunctions.Storage.Queues;
using SyncFunctions.Storage.Tables;
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
        services.AddWireSerialization();
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(settings.AllowedUpstreamHosts);

        services.AddTableStorage(settings.Storage, settings.TablePrefix);

        services.AddSingleton(new RootAdminKey(settings.AdminKey));
        services.AddSingleton(new CursorCodec(CursorCodec.DeriveKey(settings.MasterKey, "syncfunctions/cursor/v1")));
        services.AddSingleton(new CredentialProtector(CursorCodec.DeriveKey(settings.MasterKey, "syncfunctions/credentials/v1")));
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<AdminService>();
        services.AddSingleton<IntegrationService>();
        services.AddSingleton<UnifiedModelService>();
        services.AddSingleton<UnifiedCatalogLoader>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<SyncJobService>();
        services.AddSingleton<RunService>();
        services.AddSingleton(settings.Pacing);
        services.AddSingleton(settings.PageBudget);
        services.AddSingleton<RunObservers>();
        services.AddSingleton<RunAdmission>();
        services.AddSingleton<RunIdempotency>();
        services.AddSingleton<IRunObserver, JobRunIndexObserver>();
        services.AddSingleton<JobSyncStatusService>();
        services.AddSingleton<FixedWindowRateLimiter>();
        services.AddSingleton<IRunObserver, ConnectionStateObserver>();
        services.AddSingleton<ConnectionService>();
        services.AddSingleton<IRunObserver, ActiveRunIndexObserver>();
        services.AddSingleton<RunStatusPoller>();
        services.AddSingleton<RunStarter>();
        services.AddSingleton<RunRetries>();
        services.AddSingleton<CronTriggerService>();
        services.AddSingleton<CronTriggerCleanup>();
        services.AddSingleton<CronScheduler>();
        services.AddSingleton<RunLifecycle>();
        services.AddSingleton<RunErrorLedger>();
        services.AddSingleton<RunRateLimitMarker>();
        services.AddSingleton<IPageSink, RunPageSink>();
        services.AddSingleton<PageRunner>();
        services.AddSingleton<UnitProgressReporter>();
        services.AddSingleton<RunLogScope>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<WebhookPageDelivery>();
        services.AddSingleton<RunWebhookEvents>();
        services.AddSingleton<IRunObserver, WebhookRunObserver>();
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
        services.AddSingleton<HealthService>();
        services.AddSingleton<HttpApi>();
        services.AddDeviceSync(settings);
        services.AddSingleton<DemoSeeder>();
        if (settings.DemoSeed is { } demo)
        {
            services.AddSingleton(demo);
            services.AddHostedService<DemoSeedService>();
        }
        return services;
    }
}
