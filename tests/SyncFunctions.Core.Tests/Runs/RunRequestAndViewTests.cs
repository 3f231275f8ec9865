using System.Text.Json.Nodes;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Views;

namespace SyncFunctions.Core.Tests.Runs;

public sealed class RunRequestAndViewTests
{
    private static CreateRunRequest Valid => new("job", "acct", new JsonObject(), null, null, null, null, null);

    [Fact]
    public void A_minimal_request_is_valid() => Assert.Empty(RunRequestRules.Check(Valid));

    [Theory]
    [InlineData("sync_job_id")]
    [InlineData("integrated_account_id")]
    public void Ids_are_required(string field)
    {
        var request = field == "sync_job_id" ? Valid with { SyncJobId = " " } : Valid with { IntegratedAccountId = null };

        Assert.Equal(field, Assert.Single(RunRequestRules.Check(request)).Field);
    }

    [Fact]
    public void Batch_error_handling_needs_version_2()
    {
        Assert.Equal("error_handling", Assert.Single(RunRequestRules.Check(Valid with { ErrorHandling = "batch" })).Field);
        Assert.Empty(RunRequestRules.Check(Valid with { ErrorHandling = "batch", Version = 2 }));
        Assert.Empty(RunRequestRules.Check(Valid with { ErrorHandling = "fail_fast" }));
        Assert.Equal("error_handling", Assert.Single(RunRequestRules.Check(Valid with { ErrorHandling = "retry" })).Field);
        Assert.Equal("version", Assert.Single(RunRequestRules.Check(Valid with { Version = 3 })).Field);
    }

    [Fact]
    public void Daemon_group_and_webhook_exclude_each_other()
    {
        Assert.Equal("webhook_id", Assert.Single(RunRequestRules.Check(Valid with { DaemonGroupKey = "default", WebhookId = "w" })).Field);
        Assert.Empty(RunRequestRules.Check(Valid with { WebhookId = "w" }));
    }

    private static SyncJobRun Run(RunStatus status, RunCounters? counters = null) => TestRuns.New(status) with
    {
        Args = new JsonObject { ["x"] = 1 },
        Counters = counters ?? new RunCounters(),
        CurrentStep = "Fetching crm/contacts",
        FinishedAt = status.IsFinal() ? DateTimeOffset.UnixEpoch.AddHours(1) : null,
    };

    [Fact]
    public void The_view_speaks_truto_status_and_shows_the_step_only_while_active()
    {
        var running = RunView.From(Run(RunStatus.RateLimited), null);
        var done = RunView.From(Run(RunStatus.Completed, new RunCounters(SourceRecordCount: 15, RecordsFailed: 1)), null);

        Assert.Equal("running", running.Status);
        Assert.Equal("Fetching crm/contacts", running.CurrentStep);
        Assert.Null(running.CompletedAt);
        Assert.Equal("completed", done.Status);
        Assert.Null(done.CurrentStep);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddHours(1), done.CompletedAt);
        Assert.Equal(15, done.SourceRecordCount);
        Assert.Equal(1, done.RecordsFailed);
    }

    [Fact]
    public void A_stopped_run_is_canceled_and_a_failed_one_has_no_completion_time()
    {
        Assert.True(RunView.From(Run(RunStatus.Stopped), null).Canceled);
        Assert.Equal("stopped", RunView.From(Run(RunStatus.Stopped), null).Status);
        var failed = RunView.From(Run(RunStatus.Failed), null);
        Assert.False(failed.Canceled);
        Assert.Null(failed.CompletedAt);
    }
}
