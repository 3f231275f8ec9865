namespace SyncFunctions.Core.Runs.Views;

/// <summary>One run in a job's timeline; <see cref="Position"/> is opaque and sorts newest first.</summary>
public sealed record JobRunEntry(string Position, string RunId);

/// <summary>Indexes every run that is created to start (not a skipped one).</summary>
public sealed class JobRunIndexObserver(IJobRunIndex index) : IRunObserver
{
    public Task OnRunChangedAsync(SyncJobRun run, RunTransition transition, CancellationToken ct) =>
        transition == RunTransition.Created && run.Status != RunStatus.Skipped ? index.AddAsync(run, ct) : Task.CompletedTask;
}
