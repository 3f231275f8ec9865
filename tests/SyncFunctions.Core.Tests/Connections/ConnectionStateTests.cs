using SyncFunctions.Core.Connections;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Tests.Runs;

namespace SyncFunctions.Core.Tests.Connections;

/// <summary>ActiveCampaign's flags from run notices, including repeated and late ones (observers are told at least once, not in order).</summary>
public sealed class ConnectionStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private static SyncJobRun Run(string id, RunStatus status, RunErrorKind? kind = null, int finishedMinute = 0) =>
        TestRuns.New(status, id, "acc", T0) with { ErrorKind = kind, FinishedAt = status.IsFinal() ? T0.AddMinutes(finishedMinute) : null };

    private static ConnectionState Start => ConnectionState.Initial(T0);

    [Fact]
    public void Sync_status_is_one_while_any_run_is_active_and_zero_after_all_finish()
    {
        var s = Start.Apply(Run("a", RunStatus.Queued), RunTransition.Created, T0);
        Assert.Equal(1, s.SyncStatus);
        s = s.Apply(Run("a", RunStatus.Running), RunTransition.Started, T0);
        s = s.Apply(Run("b", RunStatus.Queued), RunTransition.Created, T0);
        s = s.Apply(Run("a", RunStatus.Completed, finishedMinute: 1), RunTransition.Finished, T0);
        Assert.Equal(1, s.SyncStatus);
        s = s.Apply(Run("b", RunStatus.Stopped, finishedMinute: 2), RunTransition.Finished, T0);

        Assert.Equal(0, s.SyncStatus);
        Assert.Equal(T0.AddMinutes(2), s.LastSync);
        Assert.Equal(0, Start.SyncStatus);
    }

    [Fact]
    public void Repeated_and_late_notices_change_nothing_more()
    {
        var finished = Start
            .Apply(Run("a", RunStatus.Queued), RunTransition.Created, T0)
            .Apply(Run("a", RunStatus.Completed, finishedMinute: 1), RunTransition.Finished, T0);

        // A retried activity repeats "started" after the run already finished.
        var late = finished.Apply(Run("a", RunStatus.Running), RunTransition.Started, T0);
        var again = finished.Apply(Run("a", RunStatus.Completed, finishedMinute: 1), RunTransition.Finished, T0);

        Assert.Same(finished, late);
        Assert.Equal(0, late.SyncStatus);
        Assert.Equal(finished.FinishedRunIds, again.FinishedRunIds);
        Assert.Equal(0, again.SyncStatus);
    }

    [Fact]
    public void Status_is_zero_after_a_configuration_failure_until_a_later_run_completes()
    {
        var failed = Start.Apply(Run("a", RunStatus.Failed, RunErrorKind.Configuration, 1), RunTransition.Finished, T0);
        var otherFailure = failed.Apply(Run("b", RunStatus.Failed, RunErrorKind.Other, 2), RunTransition.Finished, T0);
        var stopped = otherFailure.Apply(Run("c", RunStatus.Stopped, finishedMinute: 3), RunTransition.Finished, T0);
        var recovered = stopped.Apply(Run("d", RunStatus.Completed, finishedMinute: 4), RunTransition.Finished, T0);
        var olderFailureArrivingLate = recovered.Apply(Run("e", RunStatus.Failed, RunErrorKind.Configuration, 3), RunTransition.Finished, T0);

        Assert.Equal(1, Start.Status);
        Assert.Equal(0, failed.Status);
        Assert.Equal(0, otherFailure.Status);
        Assert.Equal(0, stopped.Status);
        Assert.Equal(1, recovered.Status);
        Assert.Equal(1, olderFailureArrivingLate.Status);
    }

    [Fact]
    public void A_skipped_run_leaves_the_connection_unchanged()
    {
        var active = Start.Apply(Run("a", RunStatus.Queued), RunTransition.Created, T0);

        Assert.Same(active, active.Apply(Run("s", RunStatus.Skipped, finishedMinute: 1), RunTransition.Created, T0));
        Assert.Same(active, active.Apply(Run("s", RunStatus.Skipped, finishedMinute: 1), RunTransition.Finished, T0));
    }

    [Fact]
    public void Finished_memory_is_bounded()
    {
        var s = Start;
        for (var i = 0; i < ConnectionState.FinishedMemory + 20; i++)
        {
            s = s.Apply(Run("r" + i, RunStatus.Completed, finishedMinute: i), RunTransition.Finished, T0);
        }

        Assert.Equal(ConnectionState.FinishedMemory, s.FinishedRunIds.Count);
        Assert.Equal("r" + (ConnectionState.FinishedMemory + 19), s.FinishedRunIds[^1]);
    }
}
