using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Views;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Runs;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// Fault suite: a page that comes back broken once (not JSON, or cut off mid-body) in the middle of a run. The run
/// says so truthfully (completed under ignore with the error, one page error, Braze partial), and its page-precise
/// retry leaves the store equal to the upstream with exactly one change-feed row per record.
/// </summary>
public sealed class RunFaultTests(RunFaultTests.Hub shared) : IClassFixture<RunFaultTests.Hub>
{
    /// <summary>The class's hub: one quick upstream retry.</summary>
    public sealed class Hub : HubFixture
    {
        protected override IDictionary<string, string?> Settings => RunScenario.FastUpstreamRetries();
    }

    public static TheoryData<string> BrokenPages() => new() { "malformed", "truncated" };

    [Theory]
    [MemberData(nameof(BrokenPages))]
    public async Task A_broken_page_is_one_page_error_and_its_retry_makes_the_store_whole(string fault)
    {
        await using var hub = await shared.StageAsync(new DemoUpstreamOptions { Contacts = 150 }, RunScenario.PagedContacts(pageSize: 50));
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        hub.Upstream.Faults.Add(new FaultRule
        {
            PathPrefix = "/page/contacts",
            QueryContains = "page=2",
            Times = 1,
            Fault = fault == "malformed" ? Fault.MalformedJson() : Fault.TruncatedJson(),
        });

        var run = await hub.RunAsync(job, errorHandling: "ignore");

        Assert.Equal("completed", run.Str("status"));
        Assert.NotNull(run.Str("error_code"));
        // A failed page ends its unit under ignore: page 1 only.
        Assert.Equal(50, run.Json.GetProperty("source_record_count").GetInt64());
        var stored = (await hub.App.Get<IRunStore>().GetAsync(hub.EnvironmentId, run.Str("id")!, default))!;
        Assert.Equal(1, stored.PageErrors);
        Assert.Equal("partial", StatusViews.Braze(stored.Status, stored.Outcome));

        var retry = await TestRequest.Post($"sync-job-run/{run.Str("id")}/retry").Bearer(hub.Key)
            .SendAsync(r => hub.App.Function<RunRetryFunctions>().Retry(r, hub.App.DurableClient, run.Str("id")!));
        Assert.True(retry.Status == 201, retry.ToString());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await hub.App.DurableClient.WaitForInstanceCompletionAsync(retry.Str("id")!, timeout.Token);
        var retried = await hub.GetRunAsync(retry.Str("id")!);

        Assert.Equal("completed", retried.Str("status"));
        Assert.Null(retried.Str("error_code"));
        var records = (await hub.StoredAsync("crm/contacts")).Where(r => !r.Deleted).ToDictionary(r => r.Id, r => CanonicalJson.Hash(r.Data!));
        Assert.Equal(hub.Upstream.Data.Snapshot(DemoResources.Contacts).ToDictionary(r => r["id"]!.ToString(), CanonicalJson.Hash), records);
        var feed = new List<RecordChange>();
        await foreach (var change in hub.App.Get<IRecordStore>().ReadChangesAsync(new RecordScope(hub.EnvironmentId, hub.AccountId, "crm/contacts"), 0, default))
        {
            feed.Add(change);
        }

        Assert.Equal(150, feed.Count);
        Assert.Equal(150, feed.Select(c => c.Id).Distinct().Count());
    }
}
