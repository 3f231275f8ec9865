using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SyncFunctions.Composition;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Middleware;
using SyncFunctions.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<UnhandledErrorMiddleware>();

// Durable payloads and the check-status response use the same snake_case JSON as the API.
builder.Services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(ApiJson.Payloads));
builder.Services.AddSyncFunctions(builder.Configuration);
builder.Services.AddSyncFunctionsTelemetry(builder.Configuration);

builder.Build().Run();
