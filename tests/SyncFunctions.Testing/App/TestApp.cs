using System.Security.Cryptography;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Composition;
using SyncFunctions.Core.Runs;
using SyncFunctions.Storage;
using SyncFunctions.Testing.Durable;
using SyncFunctions.Storage.Queues;

namespace SyncFunctions.Testing.App;

/// <summary>
/// The app's real services (the same <see cref="ServiceRegistration.AddSyncFunctions"/> as Program.cs)
/// on real storage, with a fresh table prefix so each test class sees only its own data.
/// With Durable enabled the container is the in-process Durable worker's, running the app's orchestrator and
/// activity functions as the Functions host finds and calls them (<see cref="FunctionDurableTasks"/>), with the
/// worker's serialization rules (<see cref="HostWorkerSerialization"/>), so HTTP functions and activities share it.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly DurableTaskTestHost? _durable;
    private readonly ServiceProvider? _ownServices;

    private TestApp(IConfiguration configuration, string adminKey, string tablePrefix, DurableTaskTestHost? durable, Action<IServiceCollection> configure)
    {
        Configuration = configuration;
        AdminKey = adminKey;
        TablePrefix = tablePrefix;
        _durable = durable;
        if (durable is null)
        {
            var services = new ServiceCollection().AddLogging().AddWorkerDefaults().AddSyncFunctions(configuration);
            configure(services);
            _ownServices = services.BuildServiceProvider(validateScopes: true);
        }
    }

    public IConfiguration Configuration { get; }

    /// <summary>The root admin key configured for this app instance.</summary>
    public string AdminKey { get; }

    public string TablePrefix { get; }

    /// <summary>Durable round trips counted since the host started (null without Durable).</summary>
    public DurableTaskMeter? DurableMeter { get; private init; }

    public IServiceProvider Services => _durable?.Services ?? _ownServices!;

    public DurableTaskClient DurableClient => _durable?.Client
        ?? throw new InvalidOperationException("Start the TestApp with durable: true to get a Durable client.");

    /// <param name="storageConnectionString">Usually <c>AzuriteFixture.ConnectionString</c>.</param>
    /// <param name="durable">Also start the in-process Durable host with the app's orchestrators and activities.</param>
    /// <param name="settings">Overrides of app settings (keys like <c>SyncFunctions:TablePrefix</c>).</param>
    /// <param name="services">Replaces app services after the app's own registration (e.g. a manual <see cref="TimeProvider"/>).</param>
    public static async Task<TestApp> StartAsync(
        string storageConnectionString, bool durable = false, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var adminKey = "test-root-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var prefix = "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["SyncFunctions:AdminKey"] = adminKey,
            ["SyncFunctions:CredentialKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["SyncFunctions:TablePrefix"] = prefix,

            // A failing upstream fails its page at once, as tests of error handling expect; outage tests set their own waits.
            ["SyncFunctions:OutageRetries"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        void Configure(IServiceCollection collection)
        {
            // Queues the app names by constant (for their triggers) get this app's prefix, so test classes never share one.
            collection.AddSingleton(new DeviceAckQueueName(QueueNames.For(values["SyncFunctions:TablePrefix"]!, QueueNames.DeviceAcks)));
            collection.AddSingleton(new WebhookEventQueueName(QueueNames.For(values["SyncFunctions:TablePrefix"]!, QueueNames.WebhookEvents)));

            // The hub writes runs only through RunUpdates: every test's app holds it to that.
            var runs = collection.Last(d => d.ServiceType == typeof(IRunStore));
            collection.AddSingleton<IRunStore>(sp => new RunWriteGuard((IRunStore)(runs.ImplementationInstance ?? runs.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, runs.ImplementationType!))));
            services?.Invoke(collection);
        }

        DurableTaskTestHost? host = null;
        DurableTaskMeter? meter = null;
        if (durable)
        {
            IServiceProvider? started = null;
            meter = new DurableTaskMeter();
            host = await DurableTaskTestHost.StartAsync(
                registry => FunctionDurableTasks.Register(registry, typeof(ServiceRegistration).Assembly, () => started!, meter),
                new DurableTaskTestHostOptions
                {
                    Port = FreePort.Next(),
                    ConfigureServices = collection => Configure(collection.AddWorkerDefaults().AddSyncFunctions(configuration)),
                });
            started = host.Services;
        }

        return new TestApp(configuration, values["SyncFunctions:AdminKey"]!, values["SyncFunctions:TablePrefix"]!, host, Configure) { DurableMeter = meter };
    }

    /// <summary>An instance of a function class, constructed by DI the way the worker does it.</summary>
    public T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(Services);

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        if (_durable is not null)
        {
            await _durable.DisposeAsync();
        }

        if (_ownServices is not null)
        {
            await _ownServices.DisposeAsync();
        }
    }
}
