using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Admin;

public sealed record SelfTestView(string InstanceId, string RuntimeStatus, SelfTestResult? Result);

public sealed class SelfTestFunction(HttpApi api)
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Function(nameof(ApiRoutes.SelfTest))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.SelfTest)] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        api.HandleAsync(req, ApiRoutes.SelfTest, async (caller, ct) =>
        {
            var instanceId = "selftest-" + Guid.NewGuid().ToString("N");
            await client.ScheduleNewOrchestrationInstanceAsync(
                SelfTestOrchestrator.Name, new SelfTestInput(instanceId), new StartOrchestrationOptions(instanceId), ct);

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(Wait);
            try
            {
                var state = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, wait.Token);
                var result = state.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? state.ReadOutputAs<SelfTestResult>() : null;
                var view = new SelfTestView(instanceId, Status(state.RuntimeStatus), result);
                return result is { Ok: true } ? ApiResult.Ok(view) : new ApiResult(StatusCodes.Status503ServiceUnavailable, view);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Still running (a cold task hub can be slow to start); report it rather than fail.
                return ApiResult.Accepted(new SelfTestView(instanceId, "running", null));
            }
        });

    private static string Status(OrchestrationRuntimeStatus status) => status.ToString().ToLowerInvariant();
}
