using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Runs;
using SyncFunctions.Durable;
using SyncFunctions.Telemetry;

namespace SyncFunctions.Runs.Activities;

public sealed partial class CompleteRunActivity(RunLifecycle lifecycle, RunLogScope scope, ILogger<CompleteRunActivity> logger)
{
    public const string Name = "CompleteRun";

    [Function(Name)]
    public Task<RunResult> Run([ActivityTrigger] CompleteRunInput input, CancellationToken ct) =>
        StorageUnavailableException.GuardAsync(() => RunAsync(input, ct));

    private async Task<RunResult> RunAsync(CompleteRunInput input, CancellationToken ct)
    {
        using var _ = logger.BeginScope(await scope.ForAsync(input.Run.EnvironmentId, input.Run.RunId, ct));
        var result = await lifecycle.CompleteAsync(input, ct);
        Completed(logger, result.RunId, result.Status, input.Failure?.Code);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} ended {Status} (error code {ErrorCode})")]
    private static partial void Completed(ILogger logger, string runId, string status, string? errorCode);
}
