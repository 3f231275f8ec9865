using Grpc.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// One hub (the app with the in-process Durable host, on the shared Azurite, fresh table prefix) for a whole test
/// class, instead of one per test. Each test stages its own environment with <see cref="StageAsync"/> or
/// <see cref="StageDemoAsync"/>, on a demo upstream of its own (started per test: cheap, and its data, faults and
/// request log belong to that test alone). Disposing the staged <see cref="RunScenario"/> terminates the orchestrations
/// still live in the hub (the test's own: a class's tests run one at a time) and stops its upstream.
/// <para>
/// What the hub holds for every environment is shared by the class's tests: the app's tables and queues, the
/// active-run index the status poller reads, the cron triggers the scheduler reads, <see cref="TestApp.DurableMeter"/>.
/// Tests that read those app-wide keep a hub of their own (<c>RunScenario.StartAsync</c>).
/// A class whose tests need other app settings or services derives a fixture overriding <see cref="Settings"/> or
/// <see cref="ConfigureServices"/>.
/// </para>
/// </summary>
public class HubFixture : IAsyncLifetime
{
    private static readonly OrchestrationRuntimeStatus[] Live =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    private readonly AzuriteFixture _azurite = new();
    private TestApp? _app;

    public TestApp App => _app ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>App settings of this hub, over <see cref="RunScenario.HubSettings"/>.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>Replaces app services after the app's own registration.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _app = await TestApp.StartAsync(_azurite.ConnectionString, durable: true, settings: RunScenario.HubSettings(Settings), services: ConfigureServices);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>A fresh environment with the "demo" integration <paramref name="integration"/> on an upstream of its own.</summary>
    internal async Task<RunScenario> StageAsync(DemoUpstreamOptions upstreamOptions, Func<string, object> integration, IDictionary<string, string>? credentials = null)
    {
        var upstream = await DemoUpstreamServer.StartAsync(upstreamOptions);
        try
        {
            return await RunScenario.StageAsync(App, upstream, integration, credentials, ownsUpstream: true);
        }
        catch
        {
            await upstream.DisposeAsync();
            throw;
        }
    }

    /// <summary>As <see cref="RunScenario.StartDemoAsync"/>, staged in this hub.</summary>
    internal Task<RunScenario> StageDemoAsync(DemoUpstreamOptions upstreamOptions) =>
        StageAsync(
            upstreamOptions with { Auth = new UpstreamAuth { BearerToken = RunScenario.DemoToken } },
            RunOrchestrationTests.DemoIntegration,
            new Dictionary<string, string> { ["token"] = RunScenario.DemoToken });

    /// <summary>Terminates every orchestration still live in the hub and waits until each has ended.</summary>
    internal static async Task EndOrchestrationsAsync(DurableTaskClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var live = new List<string>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = Live, FetchInputsAndOutputs = false }).WithCancellation(timeout.Token))
        {
            live.Add(instance.InstanceId);
        }

        foreach (var id in live)
        {
            try
            {
                await client.TerminateInstanceAsync(id, "test over", timeout.Token);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition)
            {
                // Ended between the query and the terminate.
            }
        }

        foreach (var id in live)
        {
            await client.WaitForInstanceCompletionAsync(id, timeout.Token);
        }
    }
}
