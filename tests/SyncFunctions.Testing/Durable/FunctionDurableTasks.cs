using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SyncFunctions.Testing.Durable;

/// <summary>
/// Registers the app's orchestrator and activity functions with the in-process Durable host the way the Functions
/// host finds them: every <see cref="FunctionAttribute"/> method with an <see cref="OrchestrationTriggerAttribute"/>
/// or <see cref="ActivityTriggerAttribute"/> parameter, invoked through that method — no list of our own, no typed
/// shortcut. Orchestrators get their input as <c>object</c> (what the extension's function orchestrator declares) and
/// a <see cref="HostOrchestrationContext"/>; activities get their trigger parameter deserialized by the data
/// converter into the parameter's type, and run on an instance made per call from a fresh DI scope, as the worker
/// activates function classes.
/// </summary>
public static class FunctionDurableTasks
{
    public static IReadOnlyList<(string Name, MethodInfo Method)> Orchestrators(Assembly app) => Find<OrchestrationTriggerAttribute>(app);

    public static IReadOnlyList<(string Name, MethodInfo Method)> Activities(Assembly app) => Find<ActivityTriggerAttribute>(app);

    /// <param name="services">The app's container, read when a task first runs (the host is built after registration).</param>
    /// <param name="meter">Counts orchestration episodes and activity executions, when given.</param>
    public static void Register(DurableTaskRegistry registry, Assembly app, Func<IServiceProvider> services, DurableTaskMeter? meter = null)
    {
        foreach (var (name, method) in Orchestrators(app))
        {
            var orchestrator = new FunctionOrchestrator(method, services, meter);
            registry.AddOrchestrator(name, () => orchestrator);
        }

        foreach (var (name, method) in Activities(app))
        {
            registry.AddActivity(name, provider => new FunctionActivity(method, provider, meter));
        }
    }

    private static List<(string Name, MethodInfo Method)> Find<TTrigger>(Assembly app) where TTrigger : Attribute =>
        app.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null && m.GetParameters().Any(p => p.GetCustomAttribute<TTrigger>() is not null))
            .Select(m => (m.GetCustomAttribute<FunctionAttribute>()!.Name, m))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    private static async Task<object?> ResultOf(object? returned) => returned switch
    {
        null => null,
        Task task => await AwaitAsync(task),
        _ => returned,
    };

    private static async Task<object?> AwaitAsync(Task task)
    {
        await task;
        var type = task.GetType();
        return type.IsGenericType ? type.GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
    }

    private static Type OutputOf(MethodInfo method) =>
        method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>) ? method.ReturnType.GetGenericArguments()[0] : typeof(object);

    private sealed class FunctionOrchestrator(MethodInfo method, Func<IServiceProvider> services, DurableTaskMeter? meter) : ITaskOrchestrator
    {
        public Type InputType => typeof(object);

        public Type OutputType => OutputOf(method);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            meter?.Episode();
            var provider = services();
            var hostContext = new HostOrchestrationContext(
                context,
                provider.GetRequiredService<IOptions<JsonSerializerOptions>>().Value,
                provider.GetRequiredService<ILoggerFactory>());
            var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(TaskOrchestrationContext)
                ? hostContext
                : throw new InvalidOperationException($"Orchestrator {method.Name} takes {p.ParameterType.Name}; only the context is bound.")).ToArray();
            var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(provider, method.DeclaringType!);
            return ResultOf(method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, arguments, null));
        }
    }

    private sealed class FunctionActivity(MethodInfo method, IServiceProvider services, DurableTaskMeter? meter) : ITaskActivity
    {
        private readonly ParameterInfo _trigger = method.GetParameters().Single(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);

        public Type InputType => _trigger.ParameterType;

        public Type OutputType => OutputOf(method);

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            meter?.Activity();
            DurableTaskMeter.ActivityStarts(context.Name.Name);
            await using var scope = services.CreateAsyncScope();
            var arguments = method.GetParameters().Select(p =>
                p == _trigger ? input
                : p.ParameterType == typeof(CancellationToken) ? CancellationToken.None
                : throw new InvalidOperationException($"Activity {method.Name} takes {p.ParameterType.Name} {p.Name}; only the trigger and a CancellationToken are bound.")).ToArray();
            var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
            return await ResultOf(method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, arguments, null));
        }
    }
}
