using SyncFunctions.Core.Concurrency;

namespace SyncFunctions.Core.Runs;

/// <summary>The run that holds a job+account's slot, and when it claimed it.</summary>
public sealed record RunSlot(string RunId, DateTimeOffset ClaimedAt);

/// <summary>
/// Census's rule that a job+account runs once at a time. The slot row is the lock: adding or replacing it is
/// conditional, so of two concurrent creates exactly one claims it. Nothing releases a slot; a claim is free again
/// once its run is final (read from the run store), which also frees slots whose holder crashed or was reconciled.
/// </summary>
public sealed class RunAdmission(IRunSlotStore slots, IRunStore runs, TimeProvider clock)
{
    /// <summary>
    /// A claimed slot whose run is not stored yet belongs to a create in progress (the claim comes first);
    /// after this long the creator is taken to have died.
    /// </summary>
    public static readonly TimeSpan PendingClaimLifetime = TimeSpan.FromMinutes(2);

    /// <summary>True when <paramref name="run"/> may start; false when another run of its job and account is active.</summary>
    public async Task<bool> TryClaimAsync(SyncJobRun run, CancellationToken ct)
    {
        var mine = new RunSlot(run.Id, clock.GetUtcNow());
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await slots.GetAsync(run.EnvironmentId, run.SyncJobId, run.IntegratedAccountId, ct);
            if (current is null)
            {
                if (await slots.TryAddAsync(run.EnvironmentId, run.SyncJobId, run.IntegratedAccountId, mine, ct))
                {
                    return true;
                }

                continue; // someone added it first: look at theirs
            }

            var (slot, etag) = current.Value;
            if (await HoldsAsync(run.EnvironmentId, slot, ct))
            {
                return false;
            }

            if (await slots.TryReplaceAsync(run.EnvironmentId, run.SyncJobId, run.IntegratedAccountId, mine, etag, ct))
            {
                return true;
            }
        }

        throw new ConcurrencyException();
    }

    private async Task<bool> HoldsAsync(string environmentId, RunSlot slot, CancellationToken ct)
    {
        var holder = await runs.GetAsync(environmentId, slot.RunId, ct);
        return holder is null
            ? clock.GetUtcNow() - slot.ClaimedAt < PendingClaimLifetime
            : holder.Status.IsActive();
    }
}
