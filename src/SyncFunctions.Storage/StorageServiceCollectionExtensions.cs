using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.ApiKeys;
using SyncFunctions.Core.Connections;
using SyncFunctions.Core.CronTriggers;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Environments;
using SyncFunctions.Core.Health;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.RateLimits;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Views;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;
using SyncFunctions.Core.Webhooks;
using SyncFunctions.Storage.Health;
using SyncFunctions.Storage.Queues;
using SyncFunctions.Storage.Tables;

namespace SyncFunctions.Storage;

/// <summary>Storage's own registration: every port of Core this project implements, on one Table and Queue account.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <param name="tablePrefix">Prepended to every table name, so several hubs (or test runs) can share one account.</param>
    public static IServiceCollection AddTableStorage(this IServiceCollection services, StorageConnection connection, string tablePrefix)
    {
        services.AddSingleton(new StorageClients(connection));
        services.AddSingleton(sp => new TableStore(sp.GetRequiredService<StorageClients>(), tablePrefix));

        services.AddSingleton<IEnvironmentStore, TableEnvironmentStore>();
        services.AddSingleton<IApiKeyStore, TableApiKeyStore>();
        services.AddSingleton<IIntegrationStore, TableIntegrationStore>();
        services.AddSingleton<IUnifiedModelStore, TableUnifiedModelStore>();
        services.AddSingleton<IAccountStore, TableAccountStore>();
        services.AddSingleton<ISyncJobStore, TableSyncJobStore>();
        services.AddSingleton<ICronTriggerStore, TableCronTriggerStore>();
        services.AddSingleton<IWebhookStore, TableWebhookStore>();

        services.AddSingleton<IRunStore, TableRunStore>();
        services.AddSingleton<IRunParentStore, TableRunParentStore>();
        services.AddSingleton<IRunErrorStore, TableRunErrorStore>();
        services.AddSingleton<IRunProgressStore, TableRunProgressStore>();
        services.AddSingleton<IRunSlotStore, TableRunSlotStore>();
        services.AddSingleton<IIdempotencyStore, TableIdempotencyStore>();
        services.AddSingleton<IJobRunIndex, TableJobRunIndex>();
        services.AddSingleton<IActiveRunIndex, TableActiveRunIndex>();
        services.AddSingleton<IRateWindowStore, TableRateWindowStore>();
        services.AddSingleton<IConnectionStateStore, TableConnectionStateStore>();

        services.AddSingleton<TableRevisionCounter>();
        services.AddSingleton<IRecordStore, TableRecordStore>();
        services.AddSingleton<IDeviceStateStore, TableDeviceStore>();
        services.AddSingleton<ISyncSessionStore, TableSyncSessionStore>();

        services.AddSingleton(new WebhookEventQueueName(QueueNames.WebhookEvents));
        services.AddSingleton<IWebhookEventQueue, StorageWebhookEventQueue>();
        services.AddSingleton(new DeviceAckQueueName(QueueNames.DeviceAcks));
        services.AddSingleton<IDeviceAckQueue, StorageDeviceAckQueue>();

        services.AddSingleton<IStorageRoundTrip, StorageRoundTrip>();
        services.AddSingleton<IHealthCheck, TableHealthCheck>();
        services.AddSingleton<IHealthCheck, QueueHealthCheck>();
        return services;
    }
}
