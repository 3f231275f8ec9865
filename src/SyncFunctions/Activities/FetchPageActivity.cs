using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Runs;
using SyncFunctions.Telemetry;

namespace SyncFunctions.Activities;

/// <summary>The page's outcome, and/or the error that stops its unit (an expected failure, returned rather than thrown).</summary>
public sealed record PageResult(PageOutcome? Outcome, RunFailure? Error);

/// <summary>Fetches one page and persists it. Unexpected failures (storage down) throw and are retried by Durable.</summary>
public sealed partial class FetchPageActivity(PageRunner pages, RunErrorLedger ledger, RunLogScope scope, ILogger<FetchPageActivity> logger)
{
    public const string Name = "FetchPage";

    [Function(Name)]
    public Task<PageResult> Run([ActivityTrigger] PageWork input, CancellationToken ct) => RunAsync(input, ct);

    public async Task<PageResult> RunAsync(PageWork input, CancellationToken ct)
    {
        using var _ = logger.BeginScope(await scope.ForAsync(input.EnvironmentId, input.RunId, ct));
        try
        {
            var outcome = await pages.RunAsync(input, ct);
            return new PageResult(outcome, outcome.RecordFailure);
        }
        catch (RunEndedException ended)
        {
            // Not a page error: nothing to put in the ledger of a run that is over. Ending the unit is all that is left.
            return new PageResult(null, new RunFailure(RunEndedException.Code, ended.Message, null, RunErrorKind.Configuration));
        }
        catch (SyncEngineException ex)
        {
            var kind = ex.Kind is UpstreamErrorKind.Config or UpstreamErrorKind.Auth ? RunErrorKind.Configuration : RunErrorKind.Other;
            var failure = new RunFailure(ex.Code, ex.Message, ex.Field, kind);
            await ledger.RecordPageErrorAsync(input, failure, ct);
            PageFailed(logger, input.RunId, input.EntryIndex, input.UnitIndex, ex.Code);
            return new PageResult(null, failure);
        }
    }

    // The code only: upstream messages can echo request details.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: a page of entry {EntryIndex} unit {UnitIndex} failed with {ErrorCode}")]
    private static partial void PageFailed(ILogger logger, string runId, int entryIndex, int unitIndex, string errorCode);
}
