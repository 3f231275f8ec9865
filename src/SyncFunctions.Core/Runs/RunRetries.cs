using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Ids;
using SyncFunctions.Core.Runs.Views;

using SyncFunctions.Core.Security;

namespace SyncFunctions.Core.Runs;

/// <summary>One unit of a root entry to run again, from the page that failed.</summary>
public sealed record RetryTarget(int EntryIndex, int UnitIndex, PageState? State);

/// <summary>
/// Plans <c>POST sync-job-run/{id}/retry</c>: a new run of the same job, account, args, resources, error handling and
/// incremental window as a finished one. A completed run whose failed pages all belong to stand-alone entries (no
/// depends_on either way) is retried page-precisely: only the units that failed, each from its failed page. A failed
/// run, or page errors in a depends_on chain (children would miss the records the retry fetches), retry the whole run.
/// </summary>
public sealed class RunRetries(IRunStore runs, IRunErrorStore errors, TimeProvider clock)
{
    public const string NothingToRetry = "nothing_to_retry";
    public const string RunActive = "run_active";

    public async Task<SyncJobRun> PrepareAsync(Tenant tenant, string sourceId, CancellationToken ct)
    {
        var source = await runs.GetAsync(tenant.EnvironmentId, sourceId, ct) is { } found && tenant.MaySee(found.IntegratedAccountId)
            ? found
            : throw ApiException.NotFound("The sync job run", "id");
        if (source.Status.IsActive())
        {
            throw ApiException.Conflict(RunActive, "The run has not ended yet; stop it or wait for it before retrying.", "id");
        }

        IReadOnlyList<RetryTarget>? targets = source.Status switch
        {
            RunStatus.Failed => null,
            RunStatus.Completed when source.PageErrors > 0 => await TargetsAsync(source, ct),
            _ => throw ApiException.Conflict(NothingToRetry,
                $"Only a failed run, or a completed run with failed pages, can be retried (this one is {StatusViews.Truto(source.Status) ?? "skipped"} without failed pages).", "id"),
        };

        var now = clock.GetUtcNow();
        return source with
        {
            Id = TimeOrderedId.New(clock),
            Status = RunStatus.Queued,
            DaemonId = null,
            ResourceStats = new Dictionary<string, IReadOnlyDictionary<string, MethodStats>>(),
            Counters = new RunCounters(),
            CurrentStep = null,
            ErrorCode = null,
            ErrorMessage = null,
            ErrorDetail = null,
            ErrorKind = null,
            PageErrors = 0,
            ScheduledExecutionTime = null,
            Trigger = $"Retry of run {source.Id}",
            RetryOf = source.Id,
            RetryTargets = targets,
            CreatedAt = now,
            UpdatedAt = now,
            StartedAt = null,
            FinishedAt = null,
        };
    }

    /// <summary>The failed units, or null (the whole run) when one of them is part of a depends_on chain.</summary>
    private async Task<IReadOnlyList<RetryTarget>?> TargetsAsync(SyncJobRun source, CancellationToken ct)
    {
        var targets = new List<RetryTarget>();
        string? continuation = null;
        do
        {
            var page = await errors.ListAsync(source.EnvironmentId, source.Id, 200, continuation, ct);
            foreach (var entry in page.Items.Where(e => e.Type == RunErrorTypes.Page))
            {
                var index = RunErrorKeys.EntryIndexOf(entry.Key);
                if (entry.ParentKey is not null || index < 0 || index >= source.Resources.Count || InChain(source, index))
                {
                    return null;
                }

                targets.Add(new RetryTarget(index, entry.LoopIndex, entry.ResumeState));
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        // The ledger can lag the run's count only if it was written by an older version: then retry everything.
        return targets.Count == 0 ? null : targets;
    }

    private static bool InChain(SyncJobRun run, int index)
    {
        var resource = run.Resources[index];
        return resource.DependsOn is not null
            || run.Resources.Any(r => r.DependsOn is not null && string.Equals(r.DependsOn, resource.Resource, StringComparison.Ordinal));
    }
}
