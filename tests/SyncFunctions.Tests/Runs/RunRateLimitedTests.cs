using System.Text.Json;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Testing;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// A run whose upstream answers 429 with Retry-After shows rate_limited while it waits (Truto status stays
/// running), is found by the status=rate_limited filter, and then completes with every record.
/// </summary>
public sealed class RunRateLimitedTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_run_waiting_out_a_429_is_rate_limited_then_completes_with_every_record()
    {
        await using var hub = await RunScenario.StartAsync(
            azurite,
            new DemoUpstreamOptions { Contacts = 120 },
            RunScenario.PagedContacts());
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        var limited = new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=2", Fault = Fault.TooManyRequests(TimeSpan.FromSeconds(4)) };
        hub.Upstream.Faults.Add(limited);

        var id = await hub.StartRunAsync(job);

        JsonElement? seen = null;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (seen is null && !deadline.IsCancellationRequested)
            {
                var list = await TestRequest.Get($"sync-job-run?status=rate_limited&sync_job_id={job}").Bearer(hub.Key)
                    .SendAsync(r => hub.Runs.List(r));
                Assert.True(list.Status == 200, list.ToString());
                seen = list.Json.GetProperty("data").EnumerateArray().Where(r => r.GetProperty("id").GetString() == id).Select(r => (JsonElement?)r.Clone()).FirstOrDefault();
                await Task.Delay(100);
            }
        }

        Assert.True(seen is not null, "the run never showed up under status=rate_limited");
        Assert.Equal("running", seen.Value.GetProperty("status").GetString());
        Assert.True(seen.Value.GetProperty("rate_limited").GetBoolean());
        Assert.StartsWith("Rate limited by the upstream", seen.Value.GetProperty("current_step").GetString());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await hub.App.DurableClient.WaitForInstanceCompletionAsync(id, timeout.Token);
        var run = await hub.GetRunAsync(id);
        Assert.Equal("completed", run.Str("status"));
        Assert.False(run.Json.GetProperty("rate_limited").GetBoolean());
        Assert.Equal(1, limited.Fired);
        Assert.Equal(120, (await hub.StoredAsync("crm/contacts")).Count);
        Assert.Equal(120, run.Json.GetProperty("source_record_count").GetInt64());
    }
}
