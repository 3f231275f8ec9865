using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Security;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.Runs;

namespace SyncFunctions.Tests.Http;

/// <summary>
/// Two environments on a Durable hub with a demo upstream on loopback: environment A holds one of every object the
/// route table names (integration, account, job, a completed run with records, cron trigger, webhook, device
/// session, keys), B only keys. The auth matrix and the fuzz call every route against it, so ids exist.
/// </summary>
internal sealed class ApiWorld : IAsyncDisposable
{
    public const string Integration = "demo";
    public const string Resource = "crm/contacts";

    /// <summary>A unified model of A (its prefix is no job resource's, so A's raw crm/contacts stays a proxy resource).</summary>
    public const string UnifiedModel = "people";

    private readonly RunScenario _hub;
    private readonly AdminClient _admin;
    private readonly List<string> _secrets = [];
    private int _spares;

    private ApiWorld(RunScenario hub)
    {
        _hub = hub;
        _admin = new AdminClient(hub.App);
        Calls = new RouteCaller(hub.App);
    }

    public TestApp App => _hub.App;

    public RouteCaller Calls { get; }

    public string AdminKey => App.AdminKey;

    public string EnvironmentA => _hub.EnvironmentId;

    public string EnvironmentB { get; private set; } = "";

    /// <summary>A key of A with every scope, and its id.</summary>
    public string KeyA { get; private set; } = "";

    public string KeyIdA { get; private set; } = "";

    /// <summary>A key of A with every scope, restricted to <see cref="AccountId"/>.</summary>
    public string KeyOwnAccount { get; private set; } = "";

    /// <summary>A second account of A, which nothing else of A's objects belongs to.</summary>
    public string OtherAccountId { get; private set; } = "";

    /// <summary>A key of A with every scope, restricted to <see cref="OtherAccountId"/>: A's seeded objects are another customer's to it.</summary>
    public string KeyOtherAccount { get; private set; } = "";

    /// <summary>A key of B with every scope.</summary>
    public string KeyB { get; private set; } = "";

    /// <summary>A key of A that has been revoked.</summary>
    public string RevokedKey { get; private set; } = "";

    public string AccountId => _hub.AccountId;

    public string JobId { get; private set; } = "";

    public string RunId { get; private set; } = "";

    public string CronTriggerId { get; private set; } = "";

    public string WebhookId { get; private set; } = "";

    public string Device { get; } = Guid.NewGuid().ToString();

    public string SessionId { get; private set; } = "";

    /// <summary>The credential value the account holds (write-only: never served back).</summary>
    public string Credential => RunScenario.DemoToken;

    /// <summary>What no answer may ever contain.</summary>
    public IReadOnlyList<string> Secrets => _secrets;

    /// <summary>Keys of A holding every scope but one, by the scope they lack.</summary>
    public Dictionary<string, string> AllScopesBut { get; } = new(StringComparer.Ordinal);

    /// <summary>Every id of A's objects: none of them may appear in a 2xx answer to B.</summary>
    public IEnumerable<string> IdsOfA => [EnvironmentA, KeyIdA, AccountId, JobId, RunId, CronTriggerId, WebhookId, SessionId];

    /// <summary>The ids of what belongs to <see cref="AccountId"/>: none may appear in a 2xx answer to a key restricted to another account.</summary>
    public IEnumerable<string> IdsOfAccount => [KeyIdA, AccountId, RunId, CronTriggerId, SessionId];

    public static async Task<ApiWorld> StartAsync(AzuriteFixture azurite, Action<IServiceCollection>? services = null)
    {
        var hub = await RunScenario.StartDemoAsync(azurite, new DemoUpstreamOptions { Contacts = 3, Users = 1, Deals = 1 }, services: services);
        var world = new ApiWorld(hub);
        try
        {
            await world.SeedAsync();
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    private async Task SeedAsync()
    {
        (KeyIdA, KeyA) = await _admin.NewKeyAsync(EnvironmentA, [.. Scopes.All]);
        EnvironmentB = await _admin.NewEnvironmentAsync("b");
        KeyB = (await _admin.NewKeyAsync(EnvironmentB, [.. Scopes.All])).Token;
        foreach (var scope in Scopes.All)
        {
            AllScopesBut[scope] = (await _admin.NewKeyAsync(EnvironmentA, [.. Scopes.All.Where(s => s != scope)])).Token;
        }

        var (revokedId, revoked) = await _admin.NewKeyAsync(EnvironmentA, Scopes.Runs);
        RevokedKey = revoked;
        await Expect(204, ApiRoutes.DeleteApiKey, AdminKey, revokedId);

        OtherAccountId = await NewSpareAccountAsync();
        KeyOwnAccount = (await _admin.NewRestrictedKeyAsync(EnvironmentA, [AccountId], [.. Scopes.All])).Token;
        KeyOtherAccount = (await _admin.NewRestrictedKeyAsync(EnvironmentA, [OtherAccountId], [.. Scopes.All])).Token;

        JobId = await _hub.CreateJobAsync(
            $$$$"""{"integration_name":"{{{{Integration}}}}","args_schema":{"type":"object","properties":{"since":{"type":"string"}}},"resources":[{"resource":"{{{{Resource}}}}","method":"list"}]}""");
        RunId = (await _hub.RunAsync(JobId)).Str("id")!;
        await Expect(201, ApiRoutes.PutUnifiedModel, KeyA, UnifiedModel, UnifiedModelBody());
        CronTriggerId = await NewCronTriggerAsync();
        WebhookId = await NewWebhookAsync();
        var session = await Expect(201, ApiRoutes.StartDeviceSync, KeyA, request: r => r.Header("X-Basecrm-Device-UUID", Device));
        SessionId = session.Json.GetProperty("data").GetProperty("id").GetString()!;

        _secrets.AddRange([AdminKey, KeyA, KeyB, KeyOwnAccount, KeyOtherAccount, RevokedKey, _hub.Key, Credential, .. AllScopesBut.Values]);
    }

    public async Task<string> NewSpareIntegrationAsync()
    {
        var name = "spare-" + Interlocked.Increment(ref _spares);
        await Expect(201, ApiRoutes.PutIntegration, KeyA, name, IntegrationBody());
        return name;
    }

    public async Task<string> NewSpareUnifiedModelAsync()
    {
        var name = "spare" + Interlocked.Increment(ref _spares);
        await Expect(201, ApiRoutes.PutUnifiedModel, KeyA, name, UnifiedModelBody());
        return name;
    }

    /// <summary>A unified model with one resource mapped from the demo integration's contacts.</summary>
    public static string UnifiedModelBody() => """
        {"resources":{"contacts":{"schema":{"type":"object","properties":{"id":{"type":"string"}}},
         "integration_mapping":{"INTEGRATION":{"resource":"RESOURCE","response_mapping":{"id":"to_string(id)","email":"email"}}}}}}
        """.Replace("INTEGRATION", Integration, StringComparison.Ordinal).Replace("RESOURCE", Resource, StringComparison.Ordinal);

    public async Task<string> NewSpareAccountAsync() =>
        (await Expect(201, ApiRoutes.CreateIntegratedAccount, KeyA, body: $$$"""{"integration_name":"{{{Integration}}}","credentials":{"token":"{{{Credential}}}"}}""")).Str("id")!;

    public async Task<string> NewSpareJobAsync() =>
        (await Expect(201, ApiRoutes.CreateSyncJob, KeyA, body: JobBody())).Str("id")!;

    public async Task<string> NewCronTriggerAsync() =>
        (await Expect(201, ApiRoutes.CreateSyncJobCronTrigger, KeyA, body: CronTriggerBody())).Str("id")!;

    public async Task<string> NewWebhookAsync()
    {
        var created = await Expect(201, ApiRoutes.CreateWebhook, KeyA, body: WebhookBody());
        _secrets.Add(created.Str("secret")!);
        return created.Str("id")!;
    }

    public async Task<string> NewSpareKeyIdAsync() =>
        (await _admin.NewKeyAsync(EnvironmentA, Scopes.Runs)).Id;

    /// <summary>Remembers a secret an answer has just issued (a new key's token, a webhook's signing secret).</summary>
    public void Issued(string secret)
    {
        lock (_secrets)
        {
            _secrets.Add(secret);
        }
    }

    public string[] SecretsNow()
    {
        lock (_secrets)
        {
            return [.. _secrets];
        }
    }

    /// <summary>The demo integration at the upstream this world runs (loopback only).</summary>
    public string IntegrationBody() => JsonSerializer.Serialize(RunOrchestrationTests.DemoIntegration(_hub.Upstream.BaseUrl.ToString().TrimEnd('/')));

    public string JobBody() => $$"""{"integration_name":"{{Integration}}","resources":[{"resource":"{{Resource}}","method":"list"}]}""";

    public string RunBody() => $$$"""{"sync_job_id":"{{{JobId}}}","integrated_account_id":"{{{AccountId}}}","args":{"since":"2024-01-01"}}""";

    public string CronTriggerBody() => $$"""{"sync_job_id":"{{JobId}}","integrated_account_id":"{{AccountId}}","cron_expression":"0 3 * * *"}""";

    // Nothing listens on the discard port, and webhook deliveries run only in the queue trigger, which no test host starts here.
    public static string WebhookBody() => """{"url":"http://127.0.0.1:9/hook","events":["sync_job_run:completed"]}""";

    public async Task<TestResponse> Expect(int status, ApiRoute route, string key, string? id = null, string? body = null, Action<TestRequest>? request = null)
    {
        var call = RouteCaller.Request(route, id).Bearer(key);
        if (body is not null)
        {
            call.Body(body);
        }

        request?.Invoke(call);
        var response = await Calls.SendAsync(route, call, id);
        Assert.True(response.Status == status, $"{route.FunctionName}: {response}");
        return response;
    }

    public async ValueTask DisposeAsync() => await _hub.DisposeAsync();
}
