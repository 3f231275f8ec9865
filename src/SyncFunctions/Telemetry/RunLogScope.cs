using System.Collections.Concurrent;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Telemetry;

/// <summary>
/// The log scope of work done for one run: <c>EnvironmentId</c>, <c>RunId</c> and <c>SyncJobId</c> on every
/// log written inside it (the upstream HTTP client's and retry policy's included), so one run's logs can be
/// found together. Ids only: nothing from the run's arguments, credentials or records.
/// </summary>
public sealed class RunLogScope(IRunStore runs)
{
    private const int MaxRemembered = 4096;

    // A run's job never changes; remembering it spares one read per page. Bounded: cleared when full.
    private readonly ConcurrentDictionary<(string Environment, string Run), string> _jobs = new();

    /// <summary>
    /// The scope's values; pass them to <c>logger.BeginScope</c> in the caller. (A scope begun inside an async
    /// method would end with it: log scopes live in an AsyncLocal, which does not flow back to the caller.)
    /// </summary>
    public async Task<Dictionary<string, object?>> ForAsync(string environmentId, string runId, CancellationToken ct) => new()
    {
        ["EnvironmentId"] = environmentId,
        ["RunId"] = runId,
        ["SyncJobId"] = await JobOfAsync(environmentId, runId, ct),
    };

    private async Task<string?> JobOfAsync(string environmentId, string runId, CancellationToken ct)
    {
        if (_jobs.TryGetValue((environmentId, runId), out var known))
        {
            return known;
        }

        var run = await runs.GetAsync(environmentId, runId, ct);
        if (run is null)
        {
            return null;
        }

        if (_jobs.Count >= MaxRemembered)
        {
            _jobs.Clear();
        }

        _jobs[(environmentId, runId)] = run.SyncJobId;
        return run.SyncJobId;
    }
}
