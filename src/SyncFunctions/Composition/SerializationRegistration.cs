using System.Text.Json;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Json;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Composition;

public static class SerializationRegistration
{
    /// <summary>
    /// Durable payloads (orchestration and activity inputs and outputs, custom status) and the check-status response
    /// use the same snake_case JSON as the API. The worker's Serializer carries activity payloads and outputs, but the
    /// Durable extension binds an orchestrator's <c>GetInput&lt;T&gt;()</c> with the <see cref="JsonSerializerOptions"/>
    /// registered in DI; both must speak the same format, or orchestrations read snake_case inputs as empty ids.
    /// </summary>
    public static IServiceCollection AddWireSerialization(this IServiceCollection services) =>
        services
            .Configure<JsonSerializerOptions>(o => WireJson.Apply(o, strict: false))
            .Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(ApiJson.Payloads));
}
