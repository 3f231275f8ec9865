using Grpc.Core;
using Microsoft.DurableTask.Client;
using SyncFunctions.Runs.Orchestration;

namespace SyncFunctions.Runs;

/// <summary>
/// Ends a run's orchestration and its unit sub-orchestrations. The Functions host's Durable extension ignores
/// <see cref="TerminateInstanceOptions.Recursive"/> (its gRPC TerminateInstance terminates the one instance), so
/// units, whose ids all start with <c>{run}:</c> (<see cref="SyncJobRunOrchestrator.InstanceId"/>), are found and
/// terminated one by one. A unit scheduled in the moment between the two is stopped by its first page, which
/// finds the run over and writes nothing.
/// </summary>
public static class RunTermination
{
    private static readonly OrchestrationRuntimeStatus[] Live =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    public static async Task TerminateAsync(DurableTaskClient client, string runId, string reason, CancellationToken ct)
    {
        await TerminateOneAsync(client, runId, reason, ct);
        var units = client.GetAllInstancesAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = runId + ":",
            Statuses = Live,
            FetchInputsAndOutputs = false,
        });
        await foreach (var unit in units.WithCancellation(ct))
        {
            await TerminateOneAsync(client, unit.InstanceId, reason, ct);
        }
    }

    private static async Task TerminateOneAsync(DurableTaskClient client, string instanceId, string reason, CancellationToken ct)
    {
        try
        {
            await client.TerminateInstanceAsync(instanceId, reason, ct);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition)
        {
            // Finished or gone between the query and the terminate: nothing left to stop.
        }
    }
}
