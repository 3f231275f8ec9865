using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Admin;
using SyncFunctions.Core.Connections;
using SyncFunctions.Core.CronTriggers;
using SyncFunctions.Core.Demo;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Health;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.RateLimits;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Pages;
using SyncFunctions.Core.Runs.Views;
using SyncFunctions.Core.Security;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;
using SyncFunctions.Core.Webhooks;

namespace SyncFunctions.Core;

/// <summary>What Core's services are configured with, read from the app's settings once at start.</summary>
/// <param name="AdminKey">The root admin key; null leaves the admin API closed.</param>
/// <param name="MasterKey">Derives the cursor, credential and ack-key keys.</param>
public sealed record CoreOptions(string? AdminKey, byte[] MasterKey, UpstreamAllowList AllowedUpstreamHosts, RunPacing Pacing, PageBudget PageBudget, DeviceSyncOptions DeviceSync);

/// <summary>
/// Core's services: the rules, the run engine and device sync. Their ports come from Storage (<c>AddTableStorage</c>)
/// and Upstream (<c>AddUpstreamClient</c>, <c>AddWebhookSender</c>); the Functions app adds its triggers' own helpers.
/// </summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddSyncCore(this IServiceCollection services, CoreOptions options)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(options.AllowedUpstreamHosts);
        services.AddSingleton(options.Pacing);
        services.AddSingleton(options.PageBudget);
        services.AddSingleton(options.DeviceSync);
        services.AddSingleton(new RootAdminKey(options.AdminKey));
        services.AddSingleton(new CursorCodec(CursorCodec.DeriveKey(options.MasterKey, "syncfunctions/cursor/v1")));
        services.AddSingleton(new CredentialProtector(CursorCodec.DeriveKey(options.MasterKey, "syncfunctions/credentials/v1")));
        services.AddSingleton(new AckKeyCodec(CursorCodec.DeriveKey(options.MasterKey, "syncfunctions/ack-keys/v1")));

        // Definitions and keys.
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<AdminService>();
        services.AddSingleton<IntegrationService>();
        services.AddSingleton<UnifiedModelService>();
        services.AddSingleton<UnifiedCatalogLoader>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<SyncJobService>();
        services.AddSingleton<FixedWindowRateLimiter>();
        services.AddSingleton<HealthService>();
        services.AddSingleton<DemoSeeder>();

        // Runs: admission, lifecycle, the page engine, and what observes them.
        services.AddSingleton<RunService>();
        services.AddSingleton<RunPlanner>();
        services.AddSingleton<RunPreparation>();
        services.AddSingleton<RunStarter>();
        services.AddSingleton<RunAdmission>();
        services.AddSingleton<RunIdempotency>();
        services.AddSingleton<RunRetries>();
        services.AddSingleton<RunCompletion>();
        services.AddSingleton<RunErrorLedger>();
        services.AddSingleton<RunRateLimitMarker>();
        services.AddSingleton<RunStatusPoller>();
        services.AddSingleton<IPageSink, RunPageSink>();
        services.AddSingleton<PageRunner>();
        services.AddSingleton<PageFetcher>();
        services.AddSingleton<UnitProgressReporter>();
        services.AddSingleton<RunObservers>();
        services.AddSingleton<IRunObserver, JobRunIndexObserver>();
        services.AddSingleton<IRunObserver, ConnectionStateObserver>();
        services.AddSingleton<IRunObserver, ActiveRunIndexObserver>();

        // Status views, schedules, webhooks.
        services.AddSingleton<JobSyncStatusService>();
        services.AddSingleton<ConnectionService>();
        services.AddSingleton<CronTriggerService>();
        services.AddSingleton<CronTriggerCleanup>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<WebhookPageDelivery>();
        services.AddSingleton<RunWebhookEvents>();

        // Serving: device sync and the records API.
        services.AddSingleton<RecordTypeNames>();
        services.AddSingleton<DeviceSyncService>();
        services.AddSingleton<DeviceAckApplier>();
        services.AddSingleton<SyncSessionReaper>();
        services.AddSingleton<RecordListService>();
        return services;
    }
}
