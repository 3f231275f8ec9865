using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Runs;
using SyncFunctions.Durable;

namespace SyncFunctions.Activities;

public sealed class StartRunActivity(RunLifecycle lifecycle) : IActivity<RunRef, RunPlanSummary>
{
    public const string Name = "StartRun";

    [Function(Name)]
    public Task<RunPlanSummary> Run([ActivityTrigger] RunRef input, CancellationToken ct) => RunAsync(input, ct);

    public Task<RunPlanSummary> RunAsync(RunRef input, CancellationToken ct) => lifecycle.StartAsync(input, ct);
}
