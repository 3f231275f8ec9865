using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SyncFunctions.Telemetry;

/// <summary>
/// Application Insights for the worker's own logs, dependencies and exceptions, turned on by
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> (set by infra/; <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>
/// makes it authenticate with the managed identity, since local auth is off). Without the setting nothing
/// is registered, so local runs and tests send nothing anywhere.
/// </summary>
public static class TelemetryRegistration
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static bool IsEnabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]);

    public static IServiceCollection AddSyncFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (!IsEnabled(configuration))
        {
            return services;
        }

        services.AddApplicationInsightsTelemetryWorkerService(options => options.ConnectionString = configuration[ConnectionStringSetting]);
        services.ConfigureFunctionsApplicationInsights();

        // The SDK adds a Warning-level filter for its own provider; the app's Information logs (with their
        // run/job/environment scopes) are what an operator reads, and host.json's levels still apply on top.
        services.Configure<LoggerFilterOptions>(options =>
        {
            var sdkDefault = options.Rules.FirstOrDefault(rule =>
                rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (sdkDefault is not null)
            {
                options.Rules.Remove(sdkDefault);
            }
        });
        return services;
    }
}
