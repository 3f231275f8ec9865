using Microsoft.DurableTask.Client;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Testing;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// A stopped run writes nothing once the stop has answered (beyond the one page per unit whose write had already
/// begun), and its unit sub-orchestrations end too: on the Functions host, terminating the run orchestration leaves
/// its sub-orchestrations running, and so does the in-process host.
/// </summary>
public sealed class RunStopTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int PageSize = 10;

    [Fact]
    public async Task Nothing_is_written_after_the_stop_answers_and_no_unit_keeps_running()
    {
        await using var hub = await RunScenario.StartAsync(azurite, new DemoUpstreamOptions { Contacts = 400 }, RunScenario.PagedContacts(PageSize));
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Delay(TimeSpan.FromMilliseconds(150)) });
        var id = await hub.StartRunAsync(job);
        await WaitUntilAsync(async () => (await hub.StoredAsync("crm/contacts")).Count >= 3 * PageSize, "three pages stored");

        var stop = await TestRequest.Patch($"sync-job-run/{id}").Bearer(hub.Key).Json(new { status = "stopped" })
            .SendAsync(r => hub.Runs.Update(r, hub.App.DurableClient, id));
        var atStop = (await hub.StoredAsync("crm/contacts")).Count;

        Assert.True(stop.Status == 200, stop.ToString());
        // Long enough for a dozen more pages had the unit gone on.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var soonAfter = (await hub.StoredAsync("crm/contacts")).Count;
        Assert.True(soonAfter <= atStop + PageSize, $"{soonAfter - atStop} records were written after the stop answered ({atStop} at the stop).");
        await WaitUntilAsync(async () => !await AnyLiveAsync(hub.App.DurableClient, id), "every orchestration of the run ended");
        Assert.Equal(soonAfter, (await hub.StoredAsync("crm/contacts")).Count);
        Assert.True(soonAfter < 400, "the run was not stopped before it finished");
        Assert.Equal("stopped", (await hub.GetRunAsync(id)).Str("status"));
    }

    private static async Task<bool> AnyLiveAsync(DurableTaskClient client, string runId)
    {
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = runId }))
        {
            if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(100);
        }
    }
}
