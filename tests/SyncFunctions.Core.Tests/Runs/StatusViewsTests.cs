using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Views;

namespace SyncFunctions.Core.Tests.Runs;

/// <summary>Every row of DESIGN.md's status table, and the state machine's transitions.</summary>
public sealed class StatusViewsTests
{
    private static readonly RunOutcome FailedRecords = new(RecordsFailed: 2, RecordsInvalid: 0, null);
    private static readonly RunOutcome InvalidRecords = new(RecordsFailed: 0, RecordsInvalid: 1, null);
    private static readonly RunOutcome ConfigError = new(0, 0, RunErrorKind.Configuration);
    private static readonly RunOutcome OtherError = new(0, 0, RunErrorKind.Other);

    public static TheoryData<RunStatus, RunOutcome, string?, string, bool, string?, int?> Table() => new()
    {
        // internal, outcome, Truto, Census, canceled, Braze, AC syncStatus
        { RunStatus.Queued, RunOutcome.Clean, "created", "queued", false, "running", 1 },
        { RunStatus.Running, RunOutcome.Clean, "running", "working", false, "running", 1 },
        { RunStatus.RateLimited, RunOutcome.Clean, "running", "working", false, "running", 1 },
        { RunStatus.Completed, RunOutcome.Clean, "completed", "completed", false, "success", 0 },
        { RunStatus.Completed, FailedRecords, "completed", "completed", false, "partial", 0 },
        { RunStatus.Completed, InvalidRecords, "completed", "completed", false, "partial", 0 },
        { RunStatus.Failed, ConfigError, "failed", "failed", false, "config_error", 0 },
        { RunStatus.Failed, OtherError, "failed", "failed", false, "error", 0 },
        { RunStatus.Stopped, RunOutcome.Clean, "stopped", "failed", true, "error", 0 },
        { RunStatus.Skipped, RunOutcome.Clean, null, "skipped", false, null, null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_internal_status_renders_as_the_design_table_says(
        RunStatus status, RunOutcome outcome, string? truto, string census, bool canceled, string? braze, int? acSyncStatus)
    {
        Assert.Equal(truto, StatusViews.Truto(status));
        Assert.Equal((census, canceled), StatusViews.Census(status));
        Assert.Equal(braze, StatusViews.Braze(status, outcome));
        Assert.Equal(acSyncStatus, StatusViews.ActiveCampaignSyncStatus(status));
    }

    [Fact]
    public void The_table_covers_every_status() =>
        Assert.Equal(Enum.GetValues<RunStatus>().Order(), Table().Select(row => (RunStatus)row[0]).Distinct().Order());

    [Theory]
    [InlineData(1, RunStatus.Failed, RunErrorKind.Configuration, 0)]
    [InlineData(1, RunStatus.Failed, RunErrorKind.Other, 1)]
    [InlineData(0, RunStatus.Completed, null, 1)]
    [InlineData(0, RunStatus.Stopped, null, 0)]
    [InlineData(0, RunStatus.Skipped, null, 0)]
    [InlineData(1, RunStatus.Running, null, 1)]
    public void The_connection_status_drops_on_config_failures_and_recovers_on_success(int previous, RunStatus status, RunErrorKind? kind, int expected) =>
        Assert.Equal(expected, StatusViews.ActiveCampaignStatus(previous, status, new RunOutcome(0, 0, kind)));

    [Fact]
    public void A_completion_that_skipped_pages_is_not_ok_for_activecampaign()
    {
        var incomplete = new RunOutcome(1, 0, RunErrorKind.Other, PagesSkipped: 1);

        Assert.Equal(0, StatusViews.ActiveCampaignStatus(1, RunStatus.Completed, incomplete));
        Assert.Equal("partial", StatusViews.Braze(RunStatus.Completed, incomplete));
        Assert.Equal(1, StatusViews.ActiveCampaignStatus(0, RunStatus.Completed, new RunOutcome(2, 3, null)));
    }

    [Fact]
    public void Only_the_designed_transitions_are_allowed()
    {
        var allowed = Enum.GetValues<RunStatus>()
            .SelectMany(from => Enum.GetValues<RunStatus>().Where(to => from.CanMove(to)).Select(to => $"{from}->{to}"))
            .Order()
            .ToList();

        Assert.Equal(
            new[]
            {
                "Queued->Failed", "Queued->Running", "Queued->Skipped", "Queued->Stopped",
                "RateLimited->Completed", "RateLimited->Failed", "RateLimited->Running", "RateLimited->Stopped",
                "Running->Completed", "Running->Failed", "Running->RateLimited", "Running->Stopped",
            }.Order(),
            allowed);
        Assert.All(Enum.GetValues<RunStatus>().Where(s => s.IsFinal()), final => Assert.DoesNotContain(allowed, a => a.StartsWith(final + "->", StringComparison.Ordinal)));
    }
}
