using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Runs.Views;
using SyncFunctions.Core.Security;
using SyncFunctions.Core.SyncJobs;

namespace SyncFunctions.Core.Runs;

/// <summary>Reading, stopping and deleting runs (they are created by <see cref="RunStarter"/>).</summary>
public sealed class RunService(
    IRunStore runs,
    SyncJobService jobs,
    CursorCodec cursors,
    TimeProvider clock,
    IRunParentStore parents,
    IRunErrorStore errors,
    IRunProgressStore progress,
    RunObservers observers)
{
    /// <summary>
    /// Marks an active run stopped. The caller then terminates its orchestration; the stop is written
    /// first, so a completion racing with it finds a final run and leaves it stopped.
    /// </summary>
    public async Task<RunView> StopAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var update = await runs.UpdateAsync(tenant.EnvironmentId, id, run =>
        {
            if (!tenant.MaySee(run.IntegratedAccountId))
            {
                throw RunNotFound();
            }

            return run.Status.IsActive()
                ? run.MoveTo(RunStatus.Stopped, clock.GetUtcNow())
                : throw ApiException.Conflict("run_finished", $"The run has already ended ({StatusViews.Truto(run.Status) ?? "skipped"}).", "status");
        }, ct) ?? throw RunNotFound();
        await observers.NotifyAsync(update.Run, RunTransition.Finished, ct);
        return await ViewAsync(update.Run, ct);
    }

    /// <summary>Deletes a finished run; an active one must be stopped first.</summary>
    public async Task DeleteAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        var run = await FindAsync(tenant, id, ct);
        if (run.Status.IsActive())
        {
            throw ApiException.Conflict("run_active", "The run is still running; stop it first (PATCH with {\"status\":\"stopped\"}).", "id");
        }

        // A stopped run never reached the cleanup at completion.
        await parents.DeleteAsync(environmentId, id, Enumerable.Range(0, run.Resources.Count), ct);
        await errors.DeleteAsync(environmentId, id, ct);
        await progress.DeleteAsync(environmentId, id, ct);
        await runs.DeleteAsync(environmentId, id, ct);
    }

    public async Task<RunView> GetAsync(Tenant tenant, string id, CancellationToken ct) => await ViewAsync(await FindAsync(tenant, id, ct), ct);

    /// <summary>A run the caller may see: one of another account (for a restricted key) does not exist.</summary>
    public async Task<SyncJobRun> FindAsync(Tenant tenant, string id, CancellationToken ct) =>
        await runs.GetAsync(tenant.EnvironmentId, id, ct) is { } run && tenant.MaySee(run.IntegratedAccountId) ? run : throw RunNotFound();

    /// <summary>A restricted key's pages leave out other accounts' runs, so a page may be short and still go on.</summary>
    public async Task<CursorPage<RunView>> ListAsync(Tenant tenant, RunFilter filter, string? cursor, int limit, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        var scope = $"runs:{environmentId}:{filter.SyncJobId}:{filter.IntegratedAccountId}:{filter.Status}";
        var continuation = cursors.Decode(scope, cursor);
        if (filter.IntegratedAccountId is { } only && !tenant.MaySee(only))
        {
            return new CursorPage<RunView>([], null);
        }

        var page = await runs.ListAsync(environmentId, filter, limit, continuation, ct);
        var views = new List<RunView>(page.Items.Count);
        var jobsById = new Dictionary<string, SyncJobView?>(StringComparer.Ordinal);
        foreach (var run in page.Items.Where(r => tenant.MaySee(r.IntegratedAccountId)))
        {
            if (!jobsById.TryGetValue(run.SyncJobId, out var job))
            {
                jobsById[run.SyncJobId] = job = await FindJobAsync(run, ct);
            }

            views.Add(RunView.From(run, job));
        }

        return new CursorPage<RunView>(views, page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }

    private static ApiException RunNotFound() => ApiException.NotFound("The sync job run", "id");

    public async Task<RunView> ViewAsync(SyncJobRun run, CancellationToken ct) => RunView.From(run, await FindJobAsync(run, ct));

    private async Task<SyncJobView?> FindJobAsync(SyncJobRun run, CancellationToken ct)
    {
        try
        {
            return await jobs.GetAsync(run.EnvironmentId, run.SyncJobId, ct);
        }
        catch (ApiException ex) when (ex.Kind == ProblemKind.NotFound)
        {
            return null; // the job was deleted since; the run keeps its own copy of the resources
        }
    }
}
