using SyncFunctions.Core.Concurrency;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Views;

namespace SyncFunctions.Core.Connections;

/// <summary>
/// What ActiveCampaign's connection adds to an integrated account, kept per account as its runs change.
/// </summary>
/// <param name="ActiveRunIds">Runs queued, running or rate-limited: syncStatus is 1 while there are any.</param>
/// <param name="FinishedRunIds">The latest finished runs, so a repeated (late) created/started notice cannot revive one.</param>
/// <param name="Status">AC <c>status</c>: 0 after a configuration/auth failure until a later run completes, else 1.</param>
/// <param name="StatusSetAt">Finish time of the run that last decided <see cref="Status"/>; an older run's notice does not override it.</param>
/// <param name="LastSync">When the latest run of the account ended (completed, failed or stopped).</param>
public sealed record ConnectionState(
    IReadOnlyList<string> ActiveRunIds,
    IReadOnlyList<string> FinishedRunIds,
    int Status,
    DateTimeOffset? StatusSetAt,
    DateTimeOffset? LastSync,
    DateTimeOffset UpdatedAt)
{
    public const int FinishedMemory = 100;

    public static ConnectionState Initial(DateTimeOffset now) => new([], [], 1, null, null, now);

    public int SyncStatus => ActiveRunIds.Count > 0 ? 1 : 0;

    /// <summary>The state after <paramref name="transition"/> of <paramref name="run"/>; the same notice twice changes nothing more.</summary>
    public ConnectionState Apply(SyncJobRun run, RunTransition transition, DateTimeOffset now)
    {
        if (run.Status == RunStatus.Skipped)
        {
            return this; // a skipped run never ran: the connection is unchanged
        }

        if (transition != RunTransition.Finished || !run.Status.IsFinal())
        {
            return !run.Status.IsActive() || ActiveRunIds.Contains(run.Id) || FinishedRunIds.Contains(run.Id)
                ? this
                : this with { ActiveRunIds = [.. ActiveRunIds, run.Id], UpdatedAt = now };
        }

        var finishedAt = run.FinishedAt ?? now;
        // Only completions and configuration failures decide status, and only if no later run has decided it already.
        var decisive = run.Status == RunStatus.Completed || (run.Status == RunStatus.Failed && run.ErrorKind == RunErrorKind.Configuration);
        var decides = decisive && (StatusSetAt is null || finishedAt >= StatusSetAt);
        return this with
        {
            ActiveRunIds = ActiveRunIds.Where(id => id != run.Id).ToList(),
            FinishedRunIds = FinishedRunIds.Contains(run.Id) ? FinishedRunIds : [.. FinishedRunIds.TakeLast(FinishedMemory - 1), run.Id],
            Status = decides ? StatusViews.ActiveCampaignStatus(Status, run.Status, run.Outcome) : Status,
            StatusSetAt = decides ? finishedAt : StatusSetAt,
            LastSync = LastSync is null || finishedAt > LastSync ? finishedAt : LastSync,
            UpdatedAt = now,
        };
    }
}

/// <summary>Keeps each account's <see cref="ConnectionState"/> as its runs are created, start and finish.</summary>
public sealed class ConnectionStateObserver(IConnectionStateStore store, TimeProvider clock) : IRunObserver
{
    public async Task OnRunChangedAsync(SyncJobRun run, RunTransition transition, CancellationToken ct)
    {
        if (run.Status == RunStatus.Skipped)
        {
            return;
        }

        for (var attempt = 0; attempt < 20; attempt++)
        {
            var now = clock.GetUtcNow();
            var current = await store.GetAsync(run.EnvironmentId, run.IntegratedAccountId, ct);
            var before = current?.State ?? ConnectionState.Initial(now);
            var after = before.Apply(run, transition, now);
            if (current is not null && ReferenceEquals(after, before))
            {
                return;
            }

            var written = current is { } c
                ? await store.TryReplaceAsync(run.EnvironmentId, run.IntegratedAccountId, after, c.ETag, ct)
                : await store.TryAddAsync(run.EnvironmentId, run.IntegratedAccountId, after, ct);
            if (written)
            {
                return;
            }
        }

        throw new ConcurrencyException();
    }
}
