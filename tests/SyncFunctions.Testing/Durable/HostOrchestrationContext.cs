using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace SyncFunctions.Testing.Durable;

/// <summary>
/// The orchestration context an isolated-worker orchestrator function receives on the Functions host
/// (Worker.Extensions.DurableTask's <c>FunctionsOrchestrationContext</c>): everything is the Durable worker's,
/// except <see cref="GetInput{T}"/>. There the input arrives deserialized as <c>object</c> by the data converter (a
/// <see cref="JsonElement"/>), and a <see cref="JsonElement"/> is then bound to <typeparamref name="T"/> with the
/// <see cref="JsonSerializerOptions"/> registered in DI — not with the worker's Serializer.
/// </summary>
public sealed class HostOrchestrationContext(TaskOrchestrationContext inner, JsonSerializerOptions diJsonOptions, ILoggerFactory loggers) : TaskOrchestrationContext
{
    public override TaskName Name => inner.Name;

    public override string InstanceId => inner.InstanceId;

    public override ParentOrchestrationInstance? Parent => inner.Parent;

    public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    public override bool IsReplaying => inner.IsReplaying;

    public override string Version => inner.Version;

    public override IReadOnlyDictionary<string, object?> Properties => inner.Properties;

    public override TaskOrchestrationEntityFeature Entities => inner.Entities;

    protected override ILoggerFactory LoggerFactory => loggers;

    public override T? GetInput<T>() where T : default
    {
        var input = inner.GetInput<object>();
        return input switch
        {
            T typed => typed,
            JsonElement json => json.Deserialize<T>(diJsonOptions),
            null => default,
            _ => throw new InvalidOperationException($"The host would hand this orchestrator a {input.GetType().Name}; only JsonElement inputs are expected."),
        };
    }

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        inner.CallActivityAsync<TResult>(name, input, options);

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => inner.CreateTimer(fireAt, cancellationToken);

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    public override void SendEvent(string instanceId, string eventName, object payload) => inner.SendEvent(instanceId, eventName, payload);

    public override void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public override Guid NewGuid() => inner.NewGuid();
}
