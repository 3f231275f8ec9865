using SyncFunctions.Core.Engine.Records;
using SyncFunctions.DemoUpstream;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// Every pagination style, end to end: a run over the demo upstream's 45 users in pages of 20 stores exactly the
/// upstream data, and an identical second full sync fetches everything again but rewrites nothing.
/// </summary>
public sealed class RunPaginationStyleTests(HubFixture shared) : IClassFixture<HubFixture>
{
    private const int Users = 45;

    public static TheoryData<string, string, object> Styles => new()
    {
        { "page", "$.data", new { type = "page_number", page_param = "page", page_size_param = "per_page", page_size = 20 } },
        { "offset", "$.items", new { type = "offset", offset_param = "offset", page_size_param = "limit", page_size = 20 } },
        { "cursor", "$.results", new { type = "cursor", cursor_param = "cursor", cursor_path = "$.next_cursor", page_size_param = "limit", page_size = 20 } },
        { "next", "$.records", new { type = "next_url", next_url_path = "$.next", page_size_param = "limit", page_size = 20 } },
        { "link", "$", new { type = "link_header", page_size_param = "per_page", page_size = 20 } },
    };

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task A_run_stores_exactly_the_upstream_data_and_an_identical_rerun_rewrites_nothing(string style, string recordsPath, object pagination)
    {
        await using var hub = await shared.StageAsync(
            new DemoUpstreamOptions { Users = Users, Contacts = 1 },
            baseUrl => new
            {
                base_url = baseUrl,
                resources = new Dictionary<string, object>
                {
                    ["crm/users"] = new { list = new { path = $"/{style}/users", records_path = recordsPath, pagination } },
                },
            });
        var job = await hub.CreateJobAsync("""{"integration_name":"demo","resources":[{"resource":"crm/users","method":"list"}]}""");

        var run = await hub.RunAsync(job);

        Assert.True(run.Str("status") == "completed", run.ToString());
        Assert.Equal(Users, run.Json.GetProperty("resource_stats").GetProperty("crm/users").GetProperty("list").GetProperty("persisted").GetInt64());
        Assert.InRange(hub.Upstream.Requests.ForPath($"/{style}/users").Count(r => r.StatusCode == 200), 3, 4);
        var stored = await hub.StoredAsync("crm/users");
        var truth = hub.Upstream.Data.Snapshot(DemoResources.Users).ToList();
        Assert.Equal(truth.Count, stored.Count);
        Assert.Equal(
            truth.Select(r => (r["id"]!.ToString(), CanonicalJson.Hash(r))).Order(),
            stored.Select(r => (r.Id, CanonicalJson.Hash(r.Data!))).Order());

        var again = await hub.RunAsync(job, ignorePreviousRun: true);

        Assert.True(again.Str("status") == "completed", again.ToString());
        Assert.Equal(Users, again.Json.GetProperty("source_record_count").GetInt64());
        Assert.Equal(0, again.Json.GetProperty("source_record_updates").GetInt64());
        var after = await hub.StoredAsync("crm/users");
        Assert.Equal(stored.Select(r => (r.Id, r.Revision, r.RunId)).Order(), after.Select(r => (r.Id, r.Revision, r.RunId)).Order());
    }
}
