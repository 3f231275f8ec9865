using SyncFunctions.Core.Concurrency;

namespace SyncFunctions.Core.Runs;

/// <summary>
/// Shows a run as rate_limited while a page waits out an upstream 429, and running again once the call is over.
/// Best effort: a run that is meanwhile stopped or finished is left alone.
/// </summary>
public sealed class RunRateLimitMarker(IRunStore runs, TimeProvider clock)
{
    private const int Attempts = 5;

    public const string RunningStep = "Running sync";

    public Task<bool> RateLimitedAsync(string environmentId, string runId, TimeSpan wait, CancellationToken ct) =>
        MoveAsync(environmentId, runId, RunStatus.Running, RunStatus.RateLimited, $"Rate limited by the upstream; retrying in {Math.Ceiling(wait.TotalSeconds):0} s", ct);

    public Task<bool> ResumedAsync(string environmentId, string runId, CancellationToken ct) =>
        MoveAsync(environmentId, runId, RunStatus.RateLimited, RunStatus.Running, RunningStep, ct);

    private async Task<bool> MoveAsync(string environmentId, string runId, RunStatus from, RunStatus to, string step, CancellationToken ct)
    {
        try
        {
            var update = await runs.UpdateAsync(environmentId, runId, run => run.Status == from ? run.MoveTo(to, clock.GetUtcNow(), step) : null, ct, Attempts);
            return update is { Written: true };
        }
        catch (ConcurrencyException)
        {
            return false; // the run kept changing: the mark is a courtesy, the page goes on
        }
    }
}
