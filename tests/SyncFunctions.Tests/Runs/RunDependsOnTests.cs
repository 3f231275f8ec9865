using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Runs;
using SyncFunctions.DemoUpstream;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// depends_on end to end: the parent entry's pages keep its records for the run, the orchestrator fans out one child
/// unit per parent record (continuing as new every two units here), and each child reads its parent in placeholders.
/// </summary>
public sealed class RunDependsOnTests(RunDependsOnTests.Hub hub) : IClassFixture<RunDependsOnTests.Hub>, IAsyncLifetime
{
    /// <summary>The class's hub: continue as new every two units, one page per activity.</summary>
    public sealed class Hub : HubFixture
    {
        protected override IDictionary<string, string?> Settings =>
            new Dictionary<string, string?> { ["SyncFunctions:PagesPerOrchestration"] = "2", ["SyncFunctions:MaxPagesPerActivity"] = "1" };
    }

    private const int Contacts = 6; // notes per contact (i % 4): 1, 2, 3, 0, 1, 2
    private RunScenario _hub = null!;

    private static object Integration(string baseUrl) => new
    {
        base_url = baseUrl,
        resources = new Dictionary<string, object>
        {
            ["crm/contacts"] = new
            {
                list = new
                {
                    path = "/page/contacts",
                    records_path = "$.data",
                    pagination = new { type = "page_number", page_param = "page", page_size_param = "per_page", page_size = 4 },
                },
            },
            ["crm/notes"] = new
            {
                list = new
                {
                    path = "/page/contacts/{{resources.crm.contacts.id}}/notes",
                    records_path = "$.data",
                    pagination = new { type = "page_number", page_param = "page", page_size_param = "per_page", page_size = 2 },
                },
            },
            ["crm/users"] = new { get = new { path = "/page/users/{{id}}" } },
        },
    };

    public async Task InitializeAsync() =>
        _hub = await hub.StageAsync(new DemoUpstreamOptions { Contacts = Contacts, Users = 3 }, Integration);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_child_runs_once_per_parent_record_with_the_parent_in_its_placeholders()
    {
        var job = await _hub.CreateJobAsync("""
            {"integration_name":"demo","resources":[
              {"resource":"crm/notes","method":"list","depends_on":"crm/contacts"},
              {"resource":"crm/contacts","method":"list","persist":false}]}
            """);

        var run = await _hub.RunAsync(job);

        Assert.Equal("completed", run.Str("status"));
        for (var contact = 1; contact <= Contacts; contact++)
        {
            Assert.Contains(_hub.Upstream.Requests.ForPath($"/page/contacts/{contact}/notes"), r => r.StatusCode == 200);
        }

        var truth = Enumerable.Range(1, Contacts).SelectMany(c => _hub.Upstream.Data.NotesOf(c)).ToList();
        var stored = (await _hub.StoredAsync("crm/notes")).ToDictionary(r => r.Id);
        Assert.Equal(9, truth.Count);
        Assert.Equal(truth.Count, stored.Count);
        foreach (var note in truth)
        {
            Assert.Equal(CanonicalJson.Hash(note), CanonicalJson.Hash(stored[note["id"]!.ToString()].Data!));
        }

        Assert.Empty(await _hub.StoredAsync("crm/contacts"));
        var stats = run.Json.GetProperty("resource_stats");
        Assert.Equal(Contacts, stats.GetProperty("crm/contacts").GetProperty("list").GetProperty("fetched").GetInt64());
        Assert.Equal(0, stats.GetProperty("crm/contacts").GetProperty("list").GetProperty("persisted").GetInt64());
        Assert.Equal(9, stats.GetProperty("crm/notes").GetProperty("list").GetProperty("persisted").GetInt64());

        // One sub-orchestration per parent record, with ids derived from the run, entry, unit and parent position.
        var runId = run.Str("id")!;
        for (var ordinal = 0; ordinal < Contacts; ordinal++)
        {
            var unit = await _hub.App.DurableClient.GetInstanceAsync($"{runId}:0:0:p{ordinal}");
            Assert.True(unit is { RuntimeStatus: Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed }, $"unit p{ordinal}: {unit?.RuntimeStatus}");
        }

        Assert.Null(await _hub.App.DurableClient.GetInstanceAsync($"{runId}:0:0:p{Contacts}"));

        // The parent records were kept for the run only.
        var kept = await _hub.App.Get<IRunParentStore>().ListKeysAsync(_hub.EnvironmentId, run.Str("id")!, 1, null, 10, default);
        Assert.Empty(kept.Keys);
    }

    [Fact]
    public async Task A_get_child_reads_a_field_of_its_parent_and_a_missing_field_is_a_page_error_not_an_empty_value()
    {
        var job = await _hub.CreateJobAsync("""
            {"integration_name":"demo","resources":[
              {"resource":"crm/contacts","method":"list","persist":false},
              {"resource":"crm/users","method":"get","id":"{{resources.crm.contacts.no_such_field}}","depends_on":"crm/contacts"}]}
            """);

        var failed = await _hub.RunAsync(job, errorHandling: "fail_fast");
        Assert.Equal("failed", failed.Str("status"));
        Assert.Contains("no_such_field", failed.Str("error_message"), StringComparison.Ordinal);
        Assert.DoesNotContain(_hub.Upstream.Requests, r => r.Path.StartsWith("/page/users/", StringComparison.Ordinal));

        var ignored = await _hub.RunAsync(job, errorHandling: "ignore");
        Assert.Equal("completed", ignored.Str("status"));
        Assert.Contains("no_such_field", ignored.Str("error_message"), StringComparison.Ordinal);
        Assert.Empty(await _hub.StoredAsync("crm/users"));
    }
}
