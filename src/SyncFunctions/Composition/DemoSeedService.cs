using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Demo;

namespace SyncFunctions.Composition;

/// <summary>
/// Seeds the demo environment when the worker starts locally (see <see cref="DemoSeeder"/>). Azurite may still be
/// coming up, so it tries a few times; a failure is logged, never fatal: the hub works without demo data.
/// </summary>
public sealed partial class DemoSeedService(DemoSeeder seeder, DemoSeedOptions options, ILogger<DemoSeedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; attempt <= 10 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var result = await seeder.SeedAsync(options, stoppingToken);
                Ready(logger, result.EnvironmentId, result.IntegrationName, result.AccountId, string.Join(", ", result.SyncJobIds));
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                NotYet(logger, attempt, ex.GetType().Name, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(3), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo data ready: environment {Environment}, integration {Integration}, account {Account}, sync jobs {Jobs}; the API key is SyncFunctions__DemoApiKey.")]
    private static partial void Ready(ILogger logger, string environment, string integration, string account, string jobs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seeding demo data failed (attempt {Attempt}): {Error}: {Message}")]
    private static partial void NotYet(ILogger logger, int attempt, string error, string message);
}
