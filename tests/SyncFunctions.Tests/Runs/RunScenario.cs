using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Records;
using SyncFunctions.Definitions;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Runs;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// A hub with Durable on Azurite, a demo upstream on loopback, and an environment holding one
/// integration ("demo", pointed at the upstream) and one integrated account — the stage for run tests.
/// <c>StartAsync</c> starts a hub of its own; <see cref="StageAsync"/> stages a fresh environment in a hub a test class shares
/// (<see cref="HubFixture"/>), and disposing it leaves that hub running.
/// </summary>
internal sealed class RunScenario : IAsyncDisposable
{
    private readonly bool _ownsApp;
    private readonly bool _ownsUpstream;

    private RunScenario(TestApp app, DemoUpstreamServer upstream, string environmentId, string key, string accountId, bool ownsApp, bool ownsUpstream)
    {
        App = app;
        Upstream = upstream;
        EnvironmentId = environmentId;
        Key = key;
        AccountId = accountId;
        _ownsApp = ownsApp;
        _ownsUpstream = ownsUpstream;
    }

    public TestApp App { get; }

    public DemoUpstreamServer Upstream { get; }

    public string EnvironmentId { get; }

    public string Key { get; }

    public string AccountId { get; }

    public RunFunctions Runs => App.Function<RunFunctions>();

    /// <summary>A job of the demo integration that lists <c>crm/contacts</c>.</summary>
    public const string ContactsJob = """{"integration_name":"demo","resources":[{"resource":"crm/contacts","method":"list"}]}""";

    /// <summary>An integration with one resource, <c>crm/contacts</c>, listed page by page (<c>page</c>/<c>per_page</c>).</summary>
    public static Func<string, object> PagedContacts(int pageSize = 50, bool trackDeletes = false) => baseUrl => new
    {
        base_url = baseUrl,
        resources = new Dictionary<string, object>
        {
            ["crm/contacts"] = new { track_deletes = trackDeletes, list = new { path = "/page/contacts", records_path = "$.data", pagination = new { type = "page_number", page_size = pageSize } } },
        },
    };

    /// <summary>One quick upstream retry: tests that exhaust retries stay fast.</summary>
    public static Dictionary<string, string?> FastUpstreamRetries() => new()
    {
        ["SyncFunctions:UpstreamMaxRetries"] = "1",
        ["SyncFunctions:UpstreamRetryBaseDelayMs"] = "20",
    };

    /// <summary>The bearer token the demo upstream checks in <see cref="StartDemoAsync"/>.</summary>
    public const string DemoToken = "demo-token-123";

    /// <summary>
    /// The demo upstream requiring <see cref="DemoToken"/>, behind <see cref="RunOrchestrationTests.DemoIntegration"/>
    /// (users, deals, contacts), with an account holding that token.
    /// </summary>
    public static Task<RunScenario> StartDemoAsync(
        AzuriteFixture azurite, DemoUpstreamOptions upstreamOptions, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        StartAsync(
            azurite,
            upstreamOptions with { Auth = new UpstreamAuth { BearerToken = DemoToken } },
            RunOrchestrationTests.DemoIntegration,
            new Dictionary<string, string> { ["token"] = DemoToken },
            settings,
            services);

    /// <param name="integration">The integration body, given the upstream's base URL (no trailing slash).</param>
    public static Task<RunScenario> StartAsync(
        AzuriteFixture azurite,
        DemoUpstreamOptions upstreamOptions,
        Func<string, object> integration,
        IDictionary<string, string>? credentials = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null) =>
        StartAsync(azurite.ConnectionString, upstreamOptions, integration, credentials, settings, services);

    /// <param name="storage">The storage connection string (a test's own Azurite, for tests that take storage away).</param>
    /// <param name="integration">The integration body, given the upstream's base URL (no trailing slash).</param>
    public static async Task<RunScenario> StartAsync(
        string storage,
        DemoUpstreamOptions upstreamOptions,
        Func<string, object> integration,
        IDictionary<string, string>? credentials = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var upstream = await DemoUpstreamServer.StartAsync(upstreamOptions);
        var app = await TestApp.StartAsync(storage, durable: true, settings: HubSettings(settings), services: services);
        return await StageAsync(app, upstream, integration, credentials, ownsApp: true, ownsUpstream: true);
    }

    /// <summary>The app settings of a hub: <paramref name="settings"/> over loopback upstreams allowed.</summary>
    public static Dictionary<string, string?> HubSettings(IDictionary<string, string?>? settings)
    {
        var values = new Dictionary<string, string?> { ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1" };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }

        return values;
    }

    /// <summary>
    /// A fresh environment (key, "demo" integration pointed at <paramref name="upstream"/>, one account) in a hub that
    /// is already running. Disposing the scenario disposes only what it owns.
    /// </summary>
    public static async Task<RunScenario> StageAsync(
        TestApp app,
        DemoUpstreamServer upstream,
        Func<string, object> integration,
        IDictionary<string, string>? credentials = null,
        bool ownsApp = false,
        bool ownsUpstream = false)
    {
        var admin = new AdminClient(app);
        var env = await admin.NewEnvironmentAsync();
        var key = (await admin.NewKeyAsync(env, "integrations", "sync_jobs", "runs")).Token;
        var put = await TestRequest.Put("integrations/demo").Bearer(key).Json(integration(upstream.BaseUrl.ToString().TrimEnd('/')))
            .SendAsync(r => app.Function<IntegrationFunctions>().Put(r, "demo"));
        Assert.True(put.Status == 201, put.ToString());
        var account = await TestRequest.Post("integrated-accounts").Bearer(key)
            .Json(new { integration_name = "demo", credentials = credentials ?? new Dictionary<string, string>() })
            .SendAsync(app.Function<AccountFunctions>().Create);
        Assert.True(account.Status == 201, account.ToString());
        return new RunScenario(app, upstream, env, key, account.Str("id")!, ownsApp, ownsUpstream);
    }

    /// <summary>
    /// Creates a job whose proxy resources persist unless the body says otherwise: these run tests are about what
    /// stored records do, and they predate Truto's default (proxy resources not persisted), which
    /// <see cref="CreateJobAsIsAsync"/> keeps.
    /// </summary>
    public Task<string> CreateJobAsync(string json) => CreateJobAsIsAsync(PersistByDefault(json));

    public async Task<string> CreateJobAsIsAsync(string json)
    {
        var job = await TestRequest.Post("sync-job").Bearer(Key).Body(json).SendAsync(App.Function<SyncJobFunctions>().Create);
        Assert.True(job.Status == 201, job.ToString());
        return job.Str("id")!;
    }

    /// <summary><paramref name="json"/> with <c>"persist": true</c> on every resource entry that does not say.</summary>
    public static string PersistByDefault(string json)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        foreach (var entry in body["resources"]?.AsArray() ?? [])
        {
            if (entry is System.Text.Json.Nodes.JsonObject resource && !resource.ContainsKey("persist"))
            {
                resource["persist"] = true;
            }
        }

        return body.ToJsonString();
    }

    /// <summary>POSTs a run (201, status created) and returns its id without waiting.</summary>
    public async Task<string> StartRunAsync(string jobId, object? args = null, string? errorHandling = null, bool ignorePreviousRun = false, int? version = null, string? accountId = null)
    {
        var created = await TestRequest.Post("sync-job-run").Bearer(Key)
            .Json(new { sync_job_id = jobId, integrated_account_id = accountId ?? AccountId, args, error_handling = errorHandling, ignore_previous_run = ignorePreviousRun, version })
            .SendAsync(r => Runs.Create(r, App.DurableClient));
        Assert.True(created.Status == 201, created.ToString());
        Assert.Equal("created", created.Str("status"));
        return created.Str("id")!;
    }

    /// <summary>Starts a run, waits for its orchestration to end, and returns GET sync-job-run/{id}.</summary>
    public async Task<TestResponse> RunAsync(string jobId, object? args = null, string? errorHandling = null, bool ignorePreviousRun = false, int? version = null, string? accountId = null)
    {
        var id = await StartRunAsync(jobId, args, errorHandling, ignorePreviousRun, version, accountId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var state = await App.DurableClient.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(state.RuntimeStatus == OrchestrationRuntimeStatus.Completed, state.FailureDetails?.ToString() ?? state.RuntimeStatus.ToString());
        return await GetRunAsync(id);
    }

    public Task<TestResponse> GetRunAsync(string id) =>
        TestRequest.Get($"sync-job-run/{id}").Bearer(Key).SendAsync(r => Runs.Get(r, id));

    public async Task<List<StoredRecord>> StoredAsync(string resource, string? accountId = null)
    {
        var list = new List<StoredRecord>();
        await foreach (var record in App.Get<IRecordStore>().ReadAllAsync(new RecordScope(EnvironmentId, accountId ?? AccountId, resource), default))
        {
            list.Add(record);
        }

        return list;
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsApp)
        {
            await App.DisposeAsync();
        }
        else
        {
            // A shared hub outlives the test: end what the test left running, as stopping its own host did.
            await HubFixture.EndOrchestrationsAsync(App.DurableClient);
        }

        if (_ownsUpstream)
        {
            await Upstream.DisposeAsync();
        }
    }
}
