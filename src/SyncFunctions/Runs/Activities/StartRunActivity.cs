using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Runs;
using SyncFunctions.Durable;
using SyncFunctions.Telemetry;

namespace SyncFunctions.Runs.Activities;

public sealed partial class StartRunActivity(RunLifecycle lifecycle, RunLogScope scope, ILogger<StartRunActivity> logger)
{
    public const string Name = "StartRun";

    [Function(Name)]
    public Task<RunPlanSummary> Run([ActivityTrigger] RunRef input, CancellationToken ct) =>
        StorageUnavailableException.GuardAsync(() => RunAsync(input, ct));

    private async Task<RunPlanSummary> RunAsync(RunRef input, CancellationToken ct)
    {
        using var _ = logger.BeginScope(await scope.ForAsync(input.EnvironmentId, input.RunId, ct));
        var plan = await lifecycle.StartAsync(input, ct);
        Started(logger, input.RunId, plan.Entries.Count());
        return plan;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started with {EntryCount} entries")]
    private static partial void Started(ILogger logger, string runId, int entryCount);
}
