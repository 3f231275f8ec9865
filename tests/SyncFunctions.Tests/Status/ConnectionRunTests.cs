using Microsoft.DurableTask.Client;
using SyncFunctions.Definitions;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Status;
using SyncFunctions.Testing;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.Runs;

namespace SyncFunctions.Tests.Status;

/// <summary>ActiveCampaign's flags across real runs on the Durable host against the demo upstream, including a rejected token.</summary>
public sealed class ConnectionRunTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Token = "demo-token-123";
    private RunScenario _hub = null!;
    private string _job = "";
    private string _statusKey = "";

    public async Task InitializeAsync()
    {
        _hub = await RunScenario.StartAsync(
            azurite,
            new DemoUpstreamOptions { Contacts = 20, Users = 1, Deals = 1, Auth = new UpstreamAuth { BearerToken = Token } },
            RunOrchestrationTests.DemoIntegration,
            credentials: new Dictionary<string, string> { ["token"] = "wrong-token" });
        _job = await _hub.CreateJobAsync(RunScenario.ContactsJob);
        (_, _statusKey) = await new AdminClient(_hub.App).NewKeyAsync(_hub.EnvironmentId, "status");

        // Every page answers slowly, so each run is still active when the connection is read mid-run.
        _hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Delay(TimeSpan.FromMilliseconds(700)) });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<(int SyncStatus, int Status)> FlagsAsync()
    {
        var response = await TestRequest.Get($"connections/{_hub.AccountId}").Bearer(_statusKey)
            .SendAsync(r => _hub.App.Function<ConnectionFunctions>().Get(r, _hub.AccountId));
        var c = response.Json.GetProperty("connection");
        return (c.GetProperty("syncStatus").GetInt32(), c.GetProperty("status").GetInt32());
    }

    private async Task<string> RunToTheEndAsync()
    {
        var id = await _hub.StartRunAsync(_job);
        var during = await FlagsAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await _hub.App.DurableClient.WaitForInstanceCompletionAsync(id, timeout.Token);
        Assert.Equal(1, during.SyncStatus);
        return (await _hub.GetRunAsync(id)).Str("status")!;
    }

    [Fact]
    public async Task A_rejected_token_sets_status_0_until_a_run_with_the_right_token_completes()
    {
        var before = await FlagsAsync();
        var failed = await RunToTheEndAsync();
        var afterFailure = await FlagsAsync();

        var patch = await TestRequest.Patch($"integrated-accounts/{_hub.AccountId}").Bearer(_hub.Key)
            .Json(new { credentials = new Dictionary<string, string> { ["token"] = Token } })
            .SendAsync(r => _hub.App.Function<AccountFunctions>().Update(r, _hub.AccountId));
        Assert.True(patch.Status == 200, patch.ToString());
        var completed = await RunToTheEndAsync();
        var afterRecovery = await FlagsAsync();

        Assert.Equal((0, 1), before);
        Assert.Equal("failed", failed);
        Assert.Equal((0, 0), afterFailure);
        Assert.Equal("completed", completed);
        Assert.Equal((0, 1), afterRecovery);
    }
}
