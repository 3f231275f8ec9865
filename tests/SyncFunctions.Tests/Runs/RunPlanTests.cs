using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Unified;
using SyncFunctions.Definitions;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Runs.Orchestration;
using SyncFunctions.Storage.Tables;
using SyncFunctions.Testing;
using SyncFunctions.Testing.Durable;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// A run is planned once, when it is admitted: the integration, the job and the unified mapping in force then are the
/// run's for all its pages. The page activity reads the run (its status) and the account (credentials) only.
/// </summary>
public sealed class RunPlanTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int Contacts = 6;
    private const int PageSize = 2;

    private static object Integration(string baseUrl, string plan) => new
    {
        base_url = baseUrl,
        auth = new { type = "bearer" },
        resources = new Dictionary<string, object>
        {
            ["crm/contacts"] = new
            {
                list = new
                {
                    path = "/page/contacts",
                    records_path = "$.data",
                    query = new Dictionary<string, string> { ["plan"] = plan },
                    pagination = new { type = "page_number", page_size = PageSize },
                },
            },
        },
    };

    private static object Model(string tier) => new
    {
        resources = new Dictionary<string, object>
        {
            ["contacts"] = new
            {
                integration_mapping = new Dictionary<string, object>
                {
                    ["demo"] = new { resource = "crm/contacts", response_mapping = new Dictionary<string, string> { ["id"] = "to_string(id)", ["tier"] = $"'{tier}'" } },
                },
            },
        },
    };

    [Fact]
    public async Task An_integration_and_a_unified_model_changed_mid_run_do_not_reach_its_later_pages_which_read_neither_but_a_rotated_credential_does()
    {
        var reads = new DefinitionReads();
        var gate = new SecondRequestGate();
        await using var hub = await RunScenario.StartAsync(
            azurite,
            new DemoUpstreamOptions { Contacts = Contacts, Users = 1, Deals = 1 },
            baseUrl => Integration(baseUrl, "v1"),
            credentials: new Dictionary<string, string> { ["token"] = "first-SECRET" },
            settings: new Dictionary<string, string?> { ["SyncFunctions:MaxPagesPerActivity"] = "1" },
            services: s =>
            {
                s.AddSingleton<IIntegrationStore>(sp => reads.Around(ActivatorUtilities.CreateInstance<TableIntegrationStore>(sp)));
                s.AddSingleton<IUnifiedModelStore>(sp => reads.Around(ActivatorUtilities.CreateInstance<TableUnifiedModelStore>(sp)));
                var upstream = s.Last(d => d.ServiceType == typeof(IUpstreamClient));
                s.AddSingleton<IUpstreamClient>(sp => gate.Around((IUpstreamClient)upstream.ImplementationFactory!(sp)));
            });
        await PutAsync(hub, "unified-models/crm", Model("v1"), r => hub.App.Function<UnifiedModelFunctions>().Put(r, "crm"));
        var job = await hub.CreateJobAsIsAsync("""{"integration_name":"demo","resources":[{"resource":"crm/contacts","method":"list"}]}""");

        var before = reads.Outside().Count;
        var id = await hub.StartRunAsync(job);
        var admitting = reads.Outside().Skip(before).ToList();
        await gate.FirstAnswered.WaitAsync(TimeSpan.FromSeconds(60));
        await PutAsync(hub, "unified-models/crm", Model("v2"), r => hub.App.Function<UnifiedModelFunctions>().Put(r, "crm"));
        await PutAsync(hub, "integrations/demo", Integration(hub.Upstream.BaseUrl.ToString().TrimEnd('/'), "v2"), r => hub.App.Function<IntegrationFunctions>().Put(r, "demo"));
        var rotated = await TestRequest.Patch($"integrated-accounts/{hub.AccountId}").Bearer(hub.Key)
            .Json(new { credentials = new { token = "second-SECRET" } })
            .SendAsync(r => hub.App.Function<AccountFunctions>().Update(r, hub.AccountId));
        Assert.True(rotated.Status == 200, rotated.ToString());
        gate.Open();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var state = await hub.App.DurableClient.WaitForInstanceCompletionAsync(id, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        var run = await hub.GetRunAsync(id);
        Assert.Equal("completed", run.Str("status"));
        var requests = hub.Upstream.Requests.ForPath("/page/contacts");
        Assert.True(requests.Count >= Contacts / PageSize, $"{requests.Count} page requests");
        Assert.All(requests, r => Assert.Equal("v1", r.Query("plan")));
        var stored = await hub.StoredAsync("crm/contacts");
        Assert.Equal(Contacts, stored.Count);
        Assert.All(stored, r => Assert.Equal("v1", (string?)r.Data!["tier"]));

        // The request that admitted the run planned it, once; none of the run's activities (several page activities
        // among them) read an integration or a unified model.
        Assert.Contains("integration demo", admitting);
        Assert.Contains("unified model crm", admitting);
        Assert.Empty(reads.InActivities());

        // The credentials are the account's, read by each page activity as it begins: the second one may have begun
        // before the rotation (its request waits at the gate), every later one carries the rotated credential.
        Assert.True(gate.Tokens.Count >= 3, $"{gate.Tokens.Count} requests");
        Assert.Equal("first-SECRET", gate.Tokens[0]);
        Assert.All(gate.Tokens.Skip(2), t => Assert.Equal("second-SECRET", t));

        // The plan the unit hands each page has templates only, no secret, and stays small.
        var unit = await hub.App.DurableClient.GetInstanceAsync($"{id}:0:0", getInputsAndOutputs: true);
        var input = unit!.SerializedInput!;
        Assert.Contains("\"plan\":{", input, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", input, StringComparison.Ordinal);
        Assert.True(input.Length < 3000, $"The unit's input is {input.Length} characters: {input}");
    }

    [Fact]
    public async Task Page_work_written_before_plans_were_carried_fails_as_a_configuration_error_naming_the_cause()
    {
        await using var hub = await RunScenario.StartAsync(azurite, new DemoUpstreamOptions { Contacts = 2, Users = 1, Deals = 1 }, baseUrl => Integration(baseUrl, "v1"));
        var job = await hub.CreateJobAsync("""{"integration_name":"demo","resources":[{"resource":"crm/contacts","method":"list"}]}""");
        var id = await hub.StartRunAsync(job);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await hub.App.DurableClient.WaitForInstanceCompletionAsync(id, timeout.Token);
        var requests = hub.Upstream.Requests.ForPath("/page/contacts").Count;

        // The shape an older unit orchestration replays: no plan.
        var result = await hub.App.Function<RunActivities>().Pages(new Core.Runs.Pages.PageWork(hub.EnvironmentId, id, 0, 0, null), default);

        Assert.Null(result.Outcome);
        Assert.True(result.PageFailed);
        Assert.Equal((EngineErrorCodes.InvalidJobDefinition, Core.Runs.RunErrorKind.Configuration), (result.Error!.Code, result.Error.Kind));
        Assert.Contains("start a new run", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(requests, hub.Upstream.Requests.ForPath("/page/contacts").Count);
    }

    private static async Task PutAsync(RunScenario hub, string path, object body, Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> function)
    {
        var response = await TestRequest.Put(path).Bearer(hub.Key).Json(body).SendAsync(function);
        Assert.True(response.Status is 200 or 201, response.ToString());
    }

    /// <summary>Counts point reads of integrations and unified models, by the activity that made them.</summary>
    private sealed class DefinitionReads
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string? Activity, string Name)> _reads = new();

        /// <summary>Reads made by any activity of the hub's orchestrations, as "activity: definition".</summary>
        public IReadOnlyList<string> InActivities() => _reads.Where(r => r.Activity is not null).Select(r => $"{r.Activity}: {r.Name}").ToList();

        /// <summary>Reads made outside activities (by HTTP functions), in order.</summary>
        public IReadOnlyList<string> Outside() => _reads.Where(r => r.Activity is null).Select(r => r.Name).ToList();

        private void Read(string name) => _reads.Enqueue((DurableTaskMeter.CurrentActivity, name));

        public IIntegrationStore Around(IIntegrationStore inner) => new Integrations(inner, this);

        public IUnifiedModelStore Around(IUnifiedModelStore inner) => new Models(inner, this);

        private sealed class Integrations(IIntegrationStore inner, DefinitionReads reads) : Counting<StoredIntegration>(inner, reads, "integration"), IIntegrationStore;

        private sealed class Models(IUnifiedModelStore inner, DefinitionReads reads) : Counting<StoredUnifiedModel>(inner, reads, "unified model"), IUnifiedModelStore;

        private abstract class Counting<T>(INamedDefinitionStore<T> inner, DefinitionReads reads, string kind) : INamedDefinitionStore<T>
            where T : class
        {
            public Task<T?> GetAsync(string environmentId, string name, CancellationToken ct)
            {
                reads.Read(kind + " " + name);
                return inner.GetAsync(environmentId, name, ct);
            }

            public Task<bool> UpsertAsync(string environmentId, T definition, CancellationToken ct) => inner.UpsertAsync(environmentId, definition, ct);

            public Task<bool> DeleteAsync(string environmentId, string name, CancellationToken ct) => inner.DeleteAsync(environmentId, name, ct);

            public Task<StorePage<T>> ListAsync(string environmentId, int limit, string? continuation, CancellationToken ct) => inner.ListAsync(environmentId, limit, continuation, ct);
        }
    }

    /// <summary>Holds the run's second upstream request until the test has changed the definitions.</summary>
    private sealed class SecondRequestGate
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Collections.Concurrent.ConcurrentQueue<string?> _tokens = new();
        private int _calls;

        /// <summary>The bearer credential each request carried, in order.</summary>
        public IReadOnlyList<string?> Tokens => _tokens.ToList();

        public Task FirstAnswered => _first.Task;

        public void Open() => _open.TrySetResult();

        public IUpstreamClient Around(IUpstreamClient inner) => new Gated(inner, this);

        private sealed class Gated(IUpstreamClient inner, SecondRequestGate gate) : IUpstreamClient
        {
            public async Task<UpstreamResponse> SendAsync(UpstreamCall call, CancellationToken cancellationToken)
            {
                if (Interlocked.Increment(ref gate._calls) > 1)
                {
                    await gate._open.Task.WaitAsync(cancellationToken);
                }

                gate._tokens.Enqueue(call.Auth.Credentials.GetValueOrDefault("token"));
                var response = await inner.SendAsync(call, cancellationToken);
                gate._first.TrySetResult();
                return response;
            }
        }
    }
}
