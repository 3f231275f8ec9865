using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Pages;
using SyncFunctions.Durable;
using SyncFunctions.Telemetry;

namespace SyncFunctions.Runs.Orchestration;

/// <summary>
/// The run's activities. Each binds its input, calls Core inside the run's log scope, and logs the outcome; storage
/// that cannot be reached throws <see cref="StorageUnavailableException"/>, which the orchestration waits out
/// (<see cref="ActivityRetry"/>).
/// </summary>
public sealed partial class RunActivities(RunStarter starter, PageRunner pages, RunCompletion completion, IRunParentStore parents, RunLogScope scope, ILogger<RunActivities> logger)
{
    public const string StartRun = nameof(StartRun);
    public const string FetchPages = nameof(FetchPages);
    public const string CompleteRun = nameof(CompleteRun);
    public const string ListParentKeys = nameof(ListParentKeys);

    /// <summary>Moves the run to running; false when it ended before its orchestration began (its plan came with the orchestration).</summary>
    [Function(StartRun)]
    public Task<bool> Start([ActivityTrigger] RunRef input, CancellationToken ct) =>
        InRunAsync(input.EnvironmentId, input.RunId, async () =>
        {
            var started = await starter.MarkRunningAsync(input, ct);
            if (started)
            {
                Started(logger, input.RunId);
            }

            return started;
        }, ct);

    /// <summary>Fetches and stores a unit's pages from its position for as long as the page budget allows.</summary>
    [Function(FetchPages)]
    public Task<PageResult> Pages([ActivityTrigger] PageWork input, CancellationToken ct) =>
        InRunAsync(input.EnvironmentId, input.RunId, async () =>
        {
            var result = await pages.RunUnitAsync(input, ct);
            if (result.WaitAndRetryAt is not null)
            {
                OutageWait(logger, input.RunId, input.EntryIndex, input.UnitIndex, result.Error!.Code);
            }
            else if (result.PageFailed)
            {
                PageFailed(logger, input.RunId, input.EntryIndex, input.UnitIndex, result.Error!.Code);
            }

            return result;
        }, ct);

    /// <summary>Counts the run's totals and gives it its final status.</summary>
    [Function(CompleteRun)]
    public Task<RunResult> Complete([ActivityTrigger] CompleteRunInput input, CancellationToken ct) =>
        InRunAsync(input.Run.EnvironmentId, input.Run.RunId, async () =>
        {
            var result = await completion.CompleteAsync(input, ct);
            Completed(logger, result.RunId, result.Status, input.Failure?.Code);
            return result;
        }, ct);

    /// <summary>The next page of a parent entry's record keys: the depends_on fan-out reads them a page at a time.</summary>
    [Function(ListParentKeys)]
    public Task<ParentKeyPage> ParentKeys([ActivityTrigger] ParentKeysRequest input, CancellationToken ct) =>
        StorageUnavailableException.GuardAsync(() => parents.ListKeysAsync(input.EnvironmentId, input.RunId, input.EntryIndex, input.After, input.Limit, ct));

    private Task<T> InRunAsync<T>(string environmentId, string runId, Func<Task<T>> body, CancellationToken ct) =>
        StorageUnavailableException.GuardAsync(async () =>
        {
            using var _ = logger.BeginScope(await scope.ForAsync(environmentId, runId, ct));
            return await body();
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started")]
    private static partial void Started(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} ended {Status} (error code {ErrorCode})")]
    private static partial void Completed(ILogger logger, string runId, string status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the upstream of entry {EntryIndex} unit {UnitIndex} is unreachable ({ErrorCode}); the unit waits and retries")]
    private static partial void OutageWait(ILogger logger, string runId, int entryIndex, int unitIndex, string errorCode);

    // The code only: upstream messages can echo request details.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: a page of entry {EntryIndex} unit {UnitIndex} failed with {ErrorCode}")]
    private static partial void PageFailed(ILogger logger, string runId, int entryIndex, int unitIndex, string errorCode);
}
