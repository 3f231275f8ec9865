using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace SyncFunctions.Admin;

public sealed record SelfTestInput(string ProbeId);

public sealed record SelfTestResult(string ProbeId, IReadOnlyDictionary<string, string> Checks, bool Ok);

/// <summary>
/// Proves the Durable pipeline end to end (schedule, activity on a worker, replay, output) and that
/// activities reach storage. Run by <c>POST api/admin/self-test</c>.
/// </summary>
public static class SelfTestOrchestrator
{
    public const string Name = "SelfTestOrchestrator";

    [Function(Name)]
    public static Task<SelfTestResult> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(context, context.GetInput<SelfTestInput>() ?? new SelfTestInput(context.InstanceId));

    public static async Task<SelfTestResult> RunAsync(TaskOrchestrationContext context, SelfTestInput input)
    {
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(1), 2.0));
        var probe = await context.CallActivityAsync<ProbeStorageResult>(ProbeStorageActivity.Name, new ProbeStorageInput(input.ProbeId), retry);
        return new SelfTestResult(input.ProbeId, probe.Checks, probe.Checks.Values.All(v => v == "ok"));
    }
}
