using Microsoft.DurableTask.Client;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Runs;

/// <summary>A run's orchestration as the status poller sees it, through the Durable client the timer is given.</summary>
public sealed class DurableRunInstanceReader(DurableTaskClient client) : IRunInstanceReader
{
    /// <summary>Failure text kept on the run; enough to tell what went wrong without storing a whole stack.</summary>
    private const int MaxFailureLength = 500;

    public async Task<RunInstanceState?> GetAsync(string runId, CancellationToken ct)
    {
        var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, ct);
        if (instance is null)
        {
            return null;
        }

        var status = instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => RunInstanceStatus.Completed,
            OrchestrationRuntimeStatus.Failed => RunInstanceStatus.Failed,
            OrchestrationRuntimeStatus.Terminated => RunInstanceStatus.Terminated,
            _ => RunInstanceStatus.Active,
        };
        var failure = instance.FailureDetails is { } details ? Truncate($"{details.ErrorType}: {details.ErrorMessage}") : null;
        return new RunInstanceState(status, instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<RunProgress>(), failure);
    }

    private static string Truncate(string text) => text.Length <= MaxFailureLength ? text : text[..MaxFailureLength];
}
