using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SyncFunctions.Composition;
using SyncFunctions.Middleware;
using SyncFunctions.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<UnhandledErrorMiddleware>();

builder.Services.AddSyncFunctions(builder.Configuration);
builder.Services.AddSyncFunctionsTelemetry(builder.Configuration);

builder.Build().Run();
