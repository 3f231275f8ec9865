using SyncFunctions.Admin;
using SyncFunctions.Definitions;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Schedules;
using SyncFunctions.Testing;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Runs;

namespace SyncFunctions.Tests.Hardening;

/// <summary>
/// Twelve requests at once on one entity, on Azurite: ETag conflicts are retried (or answered 409), never a 5xx,
/// and every change that was answered 200 is in the final state.
/// </summary>
public sealed class ConcurrentUpdateTests(HubFixture hub) : IClassFixture<HubFixture>, IAsyncLifetime
{
    private const int Concurrency = 12;
    private RunScenario _hub = null!;

    public async Task InitializeAsync() =>
        _hub = await hub.StageDemoAsync(new DemoUpstreamOptions { Contacts = 2, Users = 1, Deals = 1 });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static async Task<TestResponse[]> AllAtOnceAsync(Func<int, Task<TestResponse>> send)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, Concurrency).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await send(i);
        })).ToArray();
        start.Set();
        return await Task.WhenAll(tasks);
    }

    private static void AssertNoServerErrors(IEnumerable<TestResponse> responses)
    {
        foreach (var response in responses)
        {
            Assert.True(response.Status is 200 or 409, response.ToString());
            if (response.Status == 409)
            {
                Assert.StartsWith("application/problem+json", response.ContentType);
            }
        }
    }

    [Fact]
    public async Task Concurrent_account_patches_are_all_applied_or_answered_409()
    {
        var accounts = _hub.App.Function<AccountFunctions>();
        var responses = await AllAtOnceAsync(i => TestRequest.Patch($"integrated-accounts/{_hub.AccountId}").Bearer(_hub.Key)
            .Json(new { variables = new Dictionary<string, string> { [$"v{i}"] = $"value-{i}" } })
            .SendAsync(r => accounts.Update(r, _hub.AccountId)));

        AssertNoServerErrors(responses);
        var final = await TestRequest.Get($"integrated-accounts/{_hub.AccountId}").Bearer(_hub.Key).SendAsync(r => accounts.Get(r, _hub.AccountId));
        var variables = final.Json.GetProperty("variables");
        for (var i = 0; i < Concurrency; i++)
        {
            if (responses[i].Status == 200)
            {
                Assert.Equal($"value-{i}", variables.GetProperty($"v{i}").GetString());
            }
        }
        Assert.Contains(responses, r => r.Status == 200);
    }

    [Fact]
    public async Task Concurrent_cron_trigger_patches_are_all_applied_or_answered_409()
    {
        var job = await _hub.CreateJobAsync("""{"integration_name":"demo","resources":[{"resource":"crm/deals","method":"list"}]}""");
        var triggers = _hub.App.Function<CronTriggerFunctions>();
        var created = await TestRequest.Post("sync-job-cron-trigger").Bearer(_hub.Key)
            .Json(new { sync_job_id = job, integrated_account_id = _hub.AccountId, cron_expression = "0 * * * *" })
            .SendAsync(triggers.Create);
        Assert.True(created.Status == 201, created.ToString());
        var id = created.Str("id")!;

        var responses = await AllAtOnceAsync(i => TestRequest.Patch($"sync-job-cron-trigger/{id}").Bearer(_hub.Key)
            .Json(new { cron_expression = $"{i} * * * *" })
            .SendAsync(r => triggers.Update(r, id)));

        AssertNoServerErrors(responses);
        var final = await TestRequest.Get($"sync-job-cron-trigger/{id}").Bearer(_hub.Key).SendAsync(r => triggers.Get(r, id));
        Assert.Contains(final.Str("cron_expression"), responses.Where(r => r.Status == 200).Select(r => r.Str("cron_expression")));
    }

    [Fact]
    public async Task Concurrent_self_tests_all_pass()
    {
        var function = _hub.App.Function<SelfTestFunction>();
        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            TestRequest.Post("admin/self-test").Bearer(_hub.App.AdminKey).SendAsync(r => function.Run(r, _hub.App.DurableClient)))));

        foreach (var response in responses)
        {
            Assert.True(response.Status == 200, response.ToString());
            Assert.Equal("ok", response.Json.GetProperty("result").GetProperty("checks").GetProperty("queues").GetString());
        }
    }
}
