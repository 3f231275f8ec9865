using SyncFunctions.Core.Runs;

namespace SyncFunctions.Core.Tests.Runs;

public sealed class RunProgressTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddHours(2);

    private static readonly IReadOnlyList<EntrySummary> Entries =
    [
        new EntrySummary(0, "crm/deals", "list", null, 1, false),
        new EntrySummary(1, "crm/contacts", "list", null, 1, false),
    ];

    private static SyncJobRun Run(RunStatus status) =>
        TestRuns.New(status) with { CurrentStep = "Rate limited by the upstream; retrying in 5 s" };

    private static RunProgress Progress() => RunProgress.Of(
        Entries,
        [new EntryTotals(0, 5, 1, 3, 1, 0, 0, 1, 0, null), new EntryTotals(1, 7, 0, 7, 0, 0, 0, 0, 2, null)],
        Entries[1]);

    [Fact]
    public void Progress_becomes_resource_stats_census_counters_and_the_step()
    {
        var run = Progress().ApplyTo(Run(RunStatus.Running), Now);

        Assert.Equal("Syncing crm/contacts (list)", run.CurrentStep);
        Assert.Equal(new MethodStats(5, 4), run.ResourceStats["crm/deals"]["list"]);
        Assert.Equal(new MethodStats(7, 7), run.ResourceStats["crm/contacts"]["list"]);
        Assert.Equal(12, run.Counters.SourceRecordCount);
        Assert.Equal(11, run.Counters.SourceRecordUpdates);
        Assert.Equal(1, run.Counters.SourceRecordInvalids);
        Assert.Equal(1, run.Counters.RecordsFailed);
        Assert.Equal(11, run.Counters.RecordsUpdated);
        Assert.Equal(2, run.PageErrors);
        Assert.Equal(Now, run.UpdatedAt);
    }

    [Fact]
    public void The_same_progress_twice_changes_nothing()
    {
        var once = Progress().ApplyTo(Run(RunStatus.Running), Now);

        Assert.Same(once, Progress().ApplyTo(once, Now.AddSeconds(10)));
    }

    [Fact]
    public void A_rate_limited_run_keeps_its_waiting_step()
    {
        var run = Progress().ApplyTo(Run(RunStatus.RateLimited), Now);

        Assert.Equal("Rate limited by the upstream; retrying in 5 s", run.CurrentStep);
        Assert.Equal(12, run.Counters.SourceRecordCount);
    }
}
