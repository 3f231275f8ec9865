using System.Text.Json;
using System.Text.RegularExpressions;
using SyncFunctions.Core.Runs;
using SyncFunctions.Status;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;

namespace SyncFunctions.Tests.Status;

/// <summary>Braze's job_sync_status over runs seeded in Azurite: pages of 10 newest first, Link headers, the status table, its 400s.</summary>
public sealed partial class JobSyncStatusTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private StatusStage _stage = null!;

    public async Task InitializeAsync() => _stage = await StatusStage.CreateAsync(fixture.App);

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<TestResponse> GetAsync(string? cursor = null, string? id = null, string? key = null)
    {
        var jobId = id ?? _stage.JobId;
        var path = $"sync-job/{jobId}/job_sync_status" + (cursor is null ? "" : "?cursor=" + Uri.EscapeDataString(cursor));
        return TestRequest.Get(path).Bearer(key ?? _stage.Key).SendAsync(r => fixture.App.Function<JobSyncStatusFunction>().List(r, jobId));
    }

    /// <summary>Completed runs i = 0..n-1, run i finished with i updated records, created i minutes after T0 (so the newest has the most).</summary>
    private async Task SeedCompletedAsync(int n)
    {
        for (var i = 0; i < n; i++)
        {
            var created = T0.AddMinutes(i);
            await _stage.SeedAsync(r => r with
            {
                Status = RunStatus.Completed,
                CreatedAt = created,
                StartedAt = created,
                FinishedAt = created.AddSeconds(30),
                Counters = new RunCounters(i, i, 0, 0, i, i, 0),
            });
        }
    }

    private static Dictionary<string, string> Links(TestResponse response)
    {
        var header = response.Header("Link");
        var links = new Dictionary<string, string>();
        if (header is null)
        {
            return links;
        }

        foreach (Match m in LinkPattern().Matches(header))
        {
            var url = m.Groups[1].Value;
            Assert.StartsWith("/api/sync-job/", url, StringComparison.Ordinal);
            links[m.Groups[2].Value] = Uri.UnescapeDataString(url[(url.IndexOf("?cursor=", StringComparison.Ordinal) + 8)..]);
        }

        Assert.Equal(header.Split(',').Length, links.Count);
        return links;
    }

    private static List<long> Rows(TestResponse response)
    {
        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal("success", response.Str("message"));
        return response.Json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("rows_synced").GetInt64()).ToList();
    }

    [Fact]
    public async Task No_runs_is_an_empty_page_without_a_link_header()
    {
        var response = await GetAsync();

        Assert.Empty(Rows(response));
        Assert.Null(response.Header("Link"));
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_runs_fit_one_page_newest_first_without_a_link_header()
    {
        await SeedCompletedAsync(10);

        var response = await GetAsync();

        Assert.Equal([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], Rows(response));
        Assert.Null(response.Header("Link"));
    }

    [Fact]
    public async Task Eleven_runs_are_two_pages_linked_next_then_prev()
    {
        await SeedCompletedAsync(11);

        var first = await GetAsync();
        var firstLinks = Links(first);
        var second = await GetAsync(firstLinks["next"]);
        var secondLinks = Links(second);
        var back = await GetAsync(secondLinks["prev"]);

        Assert.Equal([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], Rows(first));
        Assert.Equal(["next"], firstLinks.Keys);
        Assert.Equal([0], Rows(second));
        Assert.Equal(["prev"], secondLinks.Keys);
        Assert.Equal(Rows(first), Rows(back));
        Assert.Equal(["next"], Links(back).Keys);
    }

    [Fact]
    public async Task Twenty_five_runs_are_three_pages_with_prev_and_next_in_the_middle()
    {
        await SeedCompletedAsync(25);

        var first = await GetAsync();
        var second = await GetAsync(Links(first)["next"]);
        var third = await GetAsync(Links(second)["next"]);
        var backToSecond = await GetAsync(Links(third)["prev"]);
        var backToFirst = await GetAsync(Links(backToSecond)["prev"]);

        Assert.Equal(Enumerable.Range(15, 10).Reverse().Select(i => (long)i), Rows(first));
        Assert.Equal(Enumerable.Range(5, 10).Reverse().Select(i => (long)i), Rows(second));
        Assert.Equal(new long[] { 4, 3, 2, 1, 0 }, Rows(third));
        Assert.Equal(["next"], Links(first).Keys);
        Assert.Equal(["prev", "next"], Links(second).Keys);
        Assert.Equal(["prev"], Links(third).Keys);
        Assert.Equal(Rows(second), Rows(backToSecond));
        Assert.Equal(Rows(first), Rows(backToFirst));
        Assert.Equal(["next"], Links(backToFirst).Keys);
    }

    [Fact]
    public async Task Items_follow_the_design_table_and_skipped_runs_are_not_listed()
    {
        var start = T0.AddHours(1);
        RunSequence[] runs =
        [
            new(RunStatus.Queued, null, RunOutcome.Clean, "running"),
            new(RunStatus.Running, null, RunOutcome.Clean, "running"),
            new(RunStatus.RateLimited, null, RunOutcome.Clean, "running"),
            new(RunStatus.Completed, null, RunOutcome.Clean, "success"),
            new(RunStatus.Completed, null, new RunOutcome(2, 1, null), "partial"),
            new(RunStatus.Failed, RunErrorKind.Configuration, RunOutcome.Clean, "config_error"),
            new(RunStatus.Failed, RunErrorKind.Other, RunOutcome.Clean, "error"),
            new(RunStatus.Stopped, null, RunOutcome.Clean, "error"),
            new(RunStatus.Skipped, null, RunOutcome.Clean, null),
        ];
        for (var i = 0; i < runs.Length; i++)
        {
            var (status, kind, outcome, _) = runs[i];
            var created = start.AddMinutes(-i); // the first listed is the newest
            await _stage.SeedAsync(r => r with
            {
                Status = status,
                ErrorKind = kind,
                CreatedAt = created,
                StartedAt = status is RunStatus.Queued or RunStatus.Skipped ? null : created,
                FinishedAt = status.IsFinal() ? created.AddSeconds(40) : null,
                LastTimestampSynced = status == RunStatus.Completed ? created.AddDays(-1) : null,
                Counters = new RunCounters(20, 10, 0, outcome.RecordsInvalid, 19, 17, outcome.RecordsFailed),
            });
        }

        var response = await GetAsync();

        var items = response.Json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(runs.Where(r => r.Braze is not null).Select(r => r.Braze), items.Select(i => i.GetProperty("job_status").GetString()));
        var partial = items[4];
        Assert.Equal(17, partial.GetProperty("rows_synced").GetInt64());
        Assert.Equal(3, partial.GetProperty("rows_failed_with_errors").GetInt64());
        Assert.Equal(start.AddMinutes(-4), partial.GetProperty("sync_start_time").GetDateTimeOffset());
        Assert.Equal(start.AddMinutes(-4).AddSeconds(40), partial.GetProperty("sync_finish_time").GetDateTimeOffset());
        Assert.Equal(start.AddMinutes(-4).AddDays(-1), partial.GetProperty("last_timestamp_synced").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("sync_start_time").ValueKind);
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("sync_finish_time").ValueKind);
        Assert.Equal(
            ["job_status", "sync_start_time", "sync_finish_time", "last_timestamp_synced", "rows_synced", "rows_failed_with_errors"],
            items[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Forged_foreign_and_garbage_cursors_are_400_invalid_cursor()
    {
        await SeedCompletedAsync(11);
        var next = Links(await GetAsync())["next"];
        var otherJob = await TestRequest.Post("sync-job").Bearer(_stage.Key).Body("""{"integration_name":"crm","resources":[{"resource":"crm/contacts","method":"list"}]}""")
            .SendAsync(fixture.App.Function<SyncFunctions.Definitions.SyncJobFunctions>().Create);
        var forged = next[..^2] + (next[^2] == 'A' ? "B" : "A") + next[^1];

        foreach (var response in new[]
        {
            await GetAsync(forged),
            await GetAsync("c2tpcDow"),
            await GetAsync(next, otherJob.Str("id")),
        })
        {
            Assert.Equal(400, response.Status);
            Assert.Equal("Invalid cursor", response.Str("message"));
        }

        Assert.Equal(200, (await GetAsync(next)).Status);
    }

    [Fact]
    public async Task Unknown_malformed_and_foreign_ids_are_400_invalid_integration_id()
    {
        var admin = new AdminClient(fixture.App);
        var otherEnv = await admin.NewEnvironmentAsync();
        var (_, otherKey) = await admin.NewKeyAsync(otherEnv, "status");

        foreach (var response in new[]
        {
            await GetAsync(id: Guid.NewGuid().ToString()),
            await GetAsync(id: "not/an#id"),
            await GetAsync(key: otherKey),
        })
        {
            Assert.Equal(400, response.Status);
            Assert.Equal("Invalid integration ID", response.Str("message"));
        }
    }

    private sealed record RunSequence(RunStatus Status, RunErrorKind? Kind, RunOutcome Outcome, string? Braze);

    [GeneratedRegex("<([^>]+)>; rel=\"(prev|next)\"")]
    private static partial Regex LinkPattern();
}
