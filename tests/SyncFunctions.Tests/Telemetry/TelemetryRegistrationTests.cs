using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyncFunctions.Telemetry;

namespace SyncFunctions.Tests.Telemetry;

public sealed class TelemetryRegistrationTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://127.0.0.1:9/";

    // As the worker host has it: the app's configuration is a service.
    private static ServiceProvider Build(string? connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetryRegistration.ConnectionStringSetting] = connectionString,
        }).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSyncFunctionsTelemetry(configuration)
            .BuildServiceProvider();
    }

    [Fact]
    public async Task Without_a_connection_string_nothing_is_registered()
    {
        await using var services = Build(null);

        Assert.Null(services.GetService<TelemetryClient>());
        Assert.Null(services.GetService<TelemetryConfiguration>());
    }

    [Fact]
    public async Task With_a_connection_string_application_insights_collects_the_apps_information_logs()
    {
        await using var services = Build(ConnectionString);

        Assert.NotNull(services.GetService<TelemetryClient>());
        Assert.Equal(ConnectionString, services.GetRequiredService<TelemetryConfiguration>().ConnectionString);
        Assert.Contains(services.GetServices<ILoggerProvider>(), p => p.GetType().Name == "ApplicationInsightsLoggerProvider");
        var rules = services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;
        Assert.DoesNotContain(rules, r => r.ProviderName?.EndsWith("ApplicationInsightsLoggerProvider", StringComparison.Ordinal) == true && r.LogLevel == LogLevel.Warning);
    }
}
