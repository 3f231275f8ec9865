using System.Text.Json;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SyncFunctions.Testing.Durable;

/// <summary>
/// The serialization the isolated worker and its Durable extension set up around the app's own registrations, so
/// the in-process Durable host reads and writes payloads exactly as the Functions host's worker does:
/// <list type="bullet">
/// <item>the worker's defaults (<c>AddFunctionsWorkerDefaults</c>) configure <see cref="JsonSerializerOptions"/> with
/// <c>PropertyNameCaseInsensitive = true</c>, before anything the app configures;</item>
/// <item>the worker core post-configures <c>WorkerOptions.Serializer ??= new JsonObjectSerializer(IOptions&lt;JsonSerializerOptions&gt;)</c>;</item>
/// <item>the Durable extension post-configures the Durable worker's and client's <c>DataConverter</c> as a shim over
/// <c>WorkerOptions.Serializer</c>, ignoring any DataConverter registered in DI.</item>
/// </list>
/// Orchestration inputs take one more path, reproduced by <see cref="HostOrchestrationContext"/>.
/// </summary>
public static class HostWorkerSerialization
{
    /// <summary>Call before the app's own registrations, as the worker's defaults come first.</summary>
    public static IServiceCollection AddWorkerDefaults(this IServiceCollection services)
    {
        services.Configure<JsonSerializerOptions>(o => o.PropertyNameCaseInsensitive = true);
        services.AddOptions<WorkerOptions>().PostConfigure<IOptions<JsonSerializerOptions>>((worker, json) => worker.Serializer ??= new JsonObjectSerializer(json.Value));
        services.AddSingleton<IPostConfigureOptions<DurableTaskWorkerOptions>, DurableConverterSetup>();
        services.AddSingleton<IPostConfigureOptions<DurableTaskClientOptions>, DurableConverterSetup>();
        return services;
    }

    /// <summary>The converter the Durable extension derives from the app's composition.</summary>
    public static ObjectSerializerDataConverter DataConverter(IServiceProvider services) =>
        new(services.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer
            ?? throw new InvalidOperationException("WorkerOptions.Serializer is not set."));

    private sealed class DurableConverterSetup(IOptions<WorkerOptions> worker) : IPostConfigureOptions<DurableTaskWorkerOptions>, IPostConfigureOptions<DurableTaskClientOptions>
    {
        public void PostConfigure(string? name, DurableTaskWorkerOptions options) => options.DataConverter = Converter();

        public void PostConfigure(string? name, DurableTaskClientOptions options) => options.DataConverter = Converter();

        private ObjectSerializerDataConverter Converter() =>
            new(worker.Value.Serializer ?? throw new InvalidOperationException("WorkerOptions.Serializer is not set."));
    }
}
