using SyncFunctions.Core.Runs;

namespace SyncFunctions.Core.Tests.Runs;

/// <summary>The one way a run's status changes: allowed moves stamp the run, forbidden ones throw.</summary>
public sealed class RunMoveTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Starting_stamps_started_at_once_and_keeps_the_step()
    {
        var started = TestRuns.New().MoveTo(RunStatus.Running, Now, "Running sync");
        var limited = started.MoveTo(RunStatus.RateLimited, Now.AddMinutes(1), "Rate limited");
        var resumed = limited.MoveTo(RunStatus.Running, Now.AddMinutes(2));

        Assert.Equal((RunStatus.Running, Now, Now, "Running sync"), (started.Status, started.StartedAt, started.UpdatedAt, started.CurrentStep));
        Assert.Equal(Now, resumed.StartedAt);
        Assert.Equal("Rate limited", resumed.CurrentStep);
        Assert.Null(resumed.FinishedAt);
    }

    [Theory]
    [InlineData(RunStatus.Completed)]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Stopped)]
    public void A_final_move_finishes_the_run(RunStatus final)
    {
        var run = TestRuns.New(RunStatus.Running) with { CurrentStep = "Running sync" };

        var finished = run.MoveTo(final, Now);

        Assert.Equal((final, Now, Now, (string?)null), (finished.Status, finished.FinishedAt, finished.UpdatedAt, finished.CurrentStep));
    }

    [Fact]
    public void Every_move_the_state_machine_forbids_throws_and_every_allowed_one_moves()
    {
        foreach (var from in Enum.GetValues<RunStatus>())
        {
            foreach (var to in Enum.GetValues<RunStatus>())
            {
                var run = TestRuns.New(from);
                if (from.CanMove(to))
                {
                    Assert.Equal(to, run.MoveTo(to, Now).Status);
                }
                else
                {
                    var refused = Assert.Throws<InvalidRunMoveException>(() => run.MoveTo(to, Now));
                    Assert.Equal((from, to), (refused.From, refused.To));
                }
            }
        }
    }
}
