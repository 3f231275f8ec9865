using System.Text.Json;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Runs;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// The error ledger (GET sync-job-run/{id}/errors) under each error_handling mode: page 1 has five records without
/// ids, page 2 answers 500 until the retries are spent.
/// </summary>
public sealed class RunErrorLedgerTests(RunErrorLedgerTests.Hub hub) : IClassFixture<RunErrorLedgerTests.Hub>, IAsyncLifetime
{
    /// <summary>The class's hub: one quick upstream retry.</summary>
    public sealed class Hub : HubFixture
    {
        protected override IDictionary<string, string?> Settings => RunScenario.FastUpstreamRetries();
    }

    private RunScenario _hub = null!;
    private string _job = "";

    public async Task InitializeAsync()
    {
        _hub = await hub.StageAsync(new DemoUpstreamOptions { Contacts = 120 }, RunScenario.PagedContacts());
        _job = await _hub.CreateJobAsync(RunScenario.ContactsJob);
        _hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=1", UntilCleared = true, Fault = Fault.RecordsWithoutIds(every: 10) });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private void FailPageTwo() =>
        _hub.Upstream.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", QueryContains = "page=2", UntilCleared = true, Fault = Fault.Status(500) });

    private Task<TestResponse> Errors(string runId, string? query = null) =>
        TestRequest.Get($"sync-job-run/{runId}/errors{query}").Bearer(_hub.Key).SendAsync(r => _hub.App.Function<RunErrorFunctions>().List(r, runId));

    private async Task<List<JsonElement>> AllErrors(string runId, int limit)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await Errors(runId, $"?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            Assert.True(page.Status == 200, page.ToString());
            var items = page.Json.GetProperty("data").EnumerateArray().Select(e => e.Clone()).ToList();
            Assert.InRange(items.Count, 0, limit);
            all.AddRange(items);
            cursor = page.Str("next_cursor");
        }
        while (cursor is not null);
        return all;
    }

    [Fact]
    public async Task Ignore_records_every_record_error_and_the_failed_page_one_entry_each()
    {
        FailPageTwo();

        var run = await _hub.RunAsync(_job, errorHandling: "ignore");

        Assert.Equal("completed", run.Str("status"));
        Assert.Equal(5, run.Json.GetProperty("source_record_invalids").GetInt64());
        var errors = await AllErrors(run.Str("id")!, limit: 4);
        Assert.Equal(6, errors.Count);
        var records = errors.Where(e => e.GetProperty("type").GetString() == "record").ToList();
        Assert.Equal(5, records.Count);
        Assert.All(records, e =>
        {
            Assert.Equal("missing_id", e.GetProperty("error_code").GetString());
            Assert.Equal("crm/contacts", e.GetProperty("resource").GetString());
            Assert.Equal("list", e.GetProperty("method").GetString());
            Assert.Equal(0, e.GetProperty("page").GetInt32());
        });
        var page = Assert.Single(errors, e => e.GetProperty("type").GetString() == "page");
        Assert.Equal("upstream_unavailable", page.GetProperty("error_code").GetString());
        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(6, errors.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Batch_groups_the_record_errors_of_a_page_into_one_entry()
    {
        FailPageTwo();

        var run = await _hub.RunAsync(_job, errorHandling: "batch", version: 2);

        Assert.Equal("completed", run.Str("status"));
        var errors = await AllErrors(run.Str("id")!, limit: 50);
        Assert.Equal(2, errors.Count);
        var batch = Assert.Single(errors, e => e.GetProperty("type").GetString() == "batch");
        Assert.Equal(0, batch.GetProperty("page").GetInt32());
        var grouped = batch.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(5, grouped.Count);
        Assert.All(grouped, g => Assert.Equal("missing_id", g.GetProperty("error_code").GetString()));
        Assert.Single(errors, e => e.GetProperty("type").GetString() == "page");
    }

    [Fact]
    public async Task Fail_fast_ends_the_run_at_the_first_record_error_keeping_the_pages_valid_records()
    {
        var run = await _hub.RunAsync(_job, errorHandling: "fail_fast");

        Assert.Equal("failed", run.Str("status"));
        Assert.Equal("missing_id", run.Str("error_code"));
        Assert.Equal(45, (await _hub.StoredAsync("crm/contacts")).Count);
        Assert.DoesNotContain(_hub.Upstream.Requests, r => r.QueryString.Contains("page=2", StringComparison.Ordinal));
        Assert.Equal(5, (await AllErrors(run.Str("id")!, limit: 10)).Count);
    }

    [Fact]
    public async Task The_ledger_of_an_unknown_run_is_404_and_a_forged_cursor_400()
    {
        var missing = await Errors("run_nope");
        Assert.Equal(404, missing.Status);

        var run = await _hub.RunAsync(_job, errorHandling: "ignore");
        var forged = await Errors(run.Str("id")!, "?cursor=eyJmb3JnZWQiOnRydWV9");
        Assert.Equal(400, forged.Status);
        Assert.Equal("cursor", forged.Str("field"));
    }
}
