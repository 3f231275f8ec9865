using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Runs;
using SyncFunctions.Durable;

namespace SyncFunctions.Activities;

public sealed class CompleteRunActivity(RunLifecycle lifecycle) : IActivity<CompleteRunInput, RunResult>
{
    public const string Name = "CompleteRun";

    [Function(Name)]
    public Task<RunResult> Run([ActivityTrigger] CompleteRunInput input, CancellationToken ct) => RunAsync(input, ct);

    public Task<RunResult> RunAsync(CompleteRunInput input, CancellationToken ct) => lifecycle.CompleteAsync(input, ct);
}
