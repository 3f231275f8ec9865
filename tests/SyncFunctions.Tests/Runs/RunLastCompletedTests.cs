using System.Text.Json.Nodes;
using Azure.Data.Tables;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// The incremental window's anchor: the start of a job+account's latest completed run, kept as one row on Azurite
/// and raised by each completion, so creating a run does not scan the environment's history.
/// </summary>
public sealed class RunLastCompletedTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly IRunStore _runs = fixture.App.Get<IRunStore>();
    private readonly string _env = Guid.NewGuid().ToString();

    private static SyncJobRun Run(string env, string job, string account, RunStatus status, DateTimeOffset? started, IReadOnlyList<RetryTarget>? targets = null) => new()
    {
        Id = Guid.NewGuid().ToString(),
        EnvironmentId = env,
        SyncJobId = job,
        IntegratedAccountId = account,
        Args = new JsonObject(),
        Resources = [],
        Status = status,
        ErrorHandling = ErrorHandlingModes.Ignore,
        Trigger = "test",
        StartedAt = started,
        RetryTargets = targets,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    /// <summary>Created queued, then finished through an ETag replace, as runs are.</summary>
    private async Task FinishAsync(SyncJobRun run, RunStatus status)
    {
        await _runs.CreateAsync(run with { Status = RunStatus.Running }, default);
        var (_, etag) = (await _runs.GetForUpdateAsync(run.EnvironmentId, run.Id, default))!.Value;
        await _runs.ReplaceAsync(run with { Status = status }, etag, default);
    }

    private TableClient LastTable => new(fixture.ConnectionString, fixture.App.TablePrefix + "runlast");

    [Fact]
    public async Task The_latest_completed_start_wins_whatever_order_runs_finish_in()
    {
        Assert.Null(await _runs.LastCompletedStartAsync(_env, "job", "acct", default));

        await FinishAsync(Run(_env, "job", "acct", RunStatus.Running, T0.AddHours(2)), RunStatus.Completed);
        await FinishAsync(Run(_env, "job", "acct", RunStatus.Running, T0.AddHours(1)), RunStatus.Completed); // older, finished later
        await FinishAsync(Run(_env, "job", "acct", RunStatus.Running, T0.AddHours(3)), RunStatus.Failed);
        await FinishAsync(Run(_env, "job", "acct", RunStatus.Running, T0.AddHours(4)), RunStatus.Completed);
        await FinishAsync(Run(_env, "job", "acct", RunStatus.Running, T0.AddHours(5), [new RetryTarget(0, 0, null)]), RunStatus.Completed);
        await FinishAsync(Run(_env, "job", "other-acct", RunStatus.Running, T0.AddHours(6)), RunStatus.Completed);

        Assert.Equal(T0.AddHours(4), await _runs.LastCompletedStartAsync(_env, "job", "acct", default));
        Assert.Equal(T0.AddHours(6), await _runs.LastCompletedStartAsync(_env, "job", "other-acct", default));
        Assert.Equal(T0.AddHours(4), (await LastTable.GetEntityAsync<TableEntity>(_env, "job|acct")).Value.GetDateTimeOffset("StartedAt"));
    }

    [Fact]
    public async Task Racing_completions_leave_the_latest_start()
    {
        var runs = Enumerable.Range(1, 8).Select(h => Run(_env, "job", "acct", RunStatus.Running, T0.AddHours(h))).ToList();

        await Task.WhenAll(runs.Select(r => Task.Run(() => FinishAsync(r, RunStatus.Completed))));

        Assert.Equal(T0.AddHours(8), await _runs.LastCompletedStartAsync(_env, "job", "acct", default));
    }

    [Fact]
    public async Task Runs_completed_before_the_index_are_found_once_by_a_scan_then_remembered()
    {
        await _runs.CreateAsync(Run(_env, "job", "acct", RunStatus.Completed, T0.AddHours(7)), default);
        await _runs.CreateAsync(Run(_env, "job", "acct", RunStatus.Completed, T0.AddHours(3)), default);
        // As runs written before the index existed.
        await LastTable.DeleteEntityAsync(_env, "job|acct");

        Assert.Equal(T0.AddHours(7), await _runs.LastCompletedStartAsync(_env, "job", "acct", default));
        Assert.Equal(T0.AddHours(7), (await LastTable.GetEntityAsync<TableEntity>(_env, "job|acct")).Value.GetDateTimeOffset("StartedAt"));

        await FinishAsync(Run(_env, "job", "acct", RunStatus.Running, T0.AddHours(9)), RunStatus.Completed);
        Assert.Equal(T0.AddHours(9), await _runs.LastCompletedStartAsync(_env, "job", "acct", default));
    }
}
