using Microsoft.DurableTask.Client;
using SyncFunctions.Admin;
using SyncFunctions.Durable;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Runs;

namespace SyncFunctions.Tests.Durable;

/// <summary>
/// The app's own registration list on the in-process Durable host, with the app's services on
/// Azurite: the self-test orchestration calls its activity, which round-trips real storage.
/// </summary>
public sealed class SelfTestOrchestrationTests(HubFixture hub) : IClassFixture<HubFixture>
{
    private TestApp App => hub.App;

    [Fact]
    public async Task The_orchestration_runs_its_activity_against_storage()
    {
        var id = await App.DurableClient.ScheduleNewOrchestrationInstanceAsync(SelfTestOrchestrator.Name, new SelfTestInput("probe-1"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var state = await App.DurableClient.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        var result = state.ReadOutputAs<SelfTestResult>()!;
        Assert.Equal("probe-1", result.ProbeId);
        Assert.True(result.Ok);
        Assert.Equal("ok", result.Checks["tables"]);
        Assert.Equal("ok", result.Checks["queues"]);
    }

    [Fact]
    public async Task The_self_test_endpoint_reports_the_orchestration_outcome()
    {
        var response = await TestRequest.Post("admin/self-test").Bearer(App.AdminKey)
            .SendAsync(r => App.Function<SelfTestFunction>().Run(r, App.DurableClient));

        Assert.True(response.Status == 200, response.ToString());
        Assert.StartsWith("selftest-", response.Str("instance_id"));
        Assert.Equal("completed", response.Str("runtime_status"));
        var result = response.Json.GetProperty("result");
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal("ok", result.GetProperty("checks").GetProperty("queues").GetString());
    }
}
