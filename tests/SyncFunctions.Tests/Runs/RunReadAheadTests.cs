using SyncFunctions.Core.Engine.Records;
using SyncFunctions.DemoUpstream;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// A listing of known size (page numbers or offsets with a total) is fetched several pages at once: a slow page does
/// not hold back the ones after it, nothing past the end is asked for, and the store ends equal to the upstream.
/// </summary>
public sealed class RunReadAheadTests(HubFixture shared) : IClassFixture<HubFixture>
{
    private const int Users = 100;

    public static TheoryData<string, string, object, string> Styles => new()
    {
        { "page", "$.data", new { type = "page_number", page_param = "page", page_size_param = "per_page", page_size = 10, total_path = "$.total" }, "page=2&" },
        { "offset", "$.items", new { type = "offset", offset_param = "offset", page_size_param = "limit", page_size = 10, total_path = "$.total" }, "offset=10&" },
    };

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task Pages_after_a_slow_one_are_fetched_meanwhile_and_none_past_the_end(string style, string recordsPath, object pagination, string secondPage)
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
        hub.Upstream.Faults.Add(new FaultRule { PathPrefix = $"/{style}/users", QueryContains = secondPage, Fault = Fault.Delay(TimeSpan.FromSeconds(2)) });

        var run = await hub.RunAsync(job);

        Assert.True(run.Str("status") == "completed", run.ToString());
        var requests = hub.Upstream.Requests.ForPath($"/{style}/users").ToList();
        Assert.Equal(Users / 10, requests.Count); // the total says where the end is: no request past it
        // The log is in order of responses: pages asked for while the second was held back answered before it.
        var second = requests.FindIndex(r => (r.QueryString + "&").Contains(secondPage, StringComparison.Ordinal));
        Assert.True(second >= 2, string.Join(", ", requests.Select(r => r.QueryString)));

        var stored = await hub.StoredAsync("crm/users");
        var truth = hub.Upstream.Data.Snapshot(DemoResources.Users).ToList();
        Assert.Equal(
            truth.Select(r => (r["id"]!.ToString(), CanonicalJson.Hash(r))).Order(),
            stored.Select(r => (r.Id, CanonicalJson.Hash(r.Data!))).Order());
    }
}
