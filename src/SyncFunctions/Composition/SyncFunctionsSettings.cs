using Microsoft.Extensions.Configuration;
using SyncFunctions.Core.Demo;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Pages;
using SyncFunctions.Core.Security;
using SyncFunctions.Storage;

namespace SyncFunctions.Composition;

/// <summary>
/// App settings (environment variables <c>SyncFunctions__*</c>, <c>AzureWebJobsStorage*</c>), read
/// and checked once at start-up so a misconfiguration stops the app with a clear message.
/// </summary>
public sealed record SyncFunctionsSettings(
    string? AdminKey,
    byte[] MasterKey,
    string TablePrefix,
    UpstreamAllowList AllowedUpstreamHosts,
    RunPacing Pacing,
    UpstreamRetrySettings UpstreamRetries,
    StorageConnection Storage,
    WebhookDeliverySettings WebhookDelivery)
{
    public const string Section = "SyncFunctions";

    /// <summary>Device sync page size and session idle timeout (<c>SyncFunctions__DeviceSyncPageSize</c>, <c>__DeviceSessionIdleMinutes</c>).</summary>
    public DeviceSyncOptions DeviceSync { get; init; } = DeviceSyncOptions.Default;

    /// <summary>How long one page activity pages on, and how many pages it stores at once (<c>SyncFunctions__PageBudgetSeconds</c>, <c>__MaxPagesPerActivity</c>, <c>__PageStoreConcurrency</c>, <c>__PageFetchConcurrency</c>).</summary>
    public PageBudget PageBudget { get; init; } = PageBudget.Default;

    /// <summary>Local development: seed the demo environment at start (<c>SyncFunctions__DemoUpstreamUrl</c> and <c>__DemoApiKey</c> both set).</summary>
    public DemoSeedOptions? DemoSeed { get; init; }

    public static SyncFunctionsSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var storage = configuration.GetSection("AzureWebJobsStorage");
        return new SyncFunctionsSettings(
            section["AdminKey"],
            MasterKeyFrom(section["CredentialKey"]),
            section["TablePrefix"] is { Length: > 0 } prefix ? prefix : "sf",
            UpstreamAllowList.Parse(section["AllowedUpstreamHosts"]),
            new RunPacing(
                PositiveInt(section["PagesPerOrchestration"], 50, "SyncFunctions__PagesPerOrchestration"),
                PositiveInt(section["UnitWindow"], 4, "SyncFunctions__UnitWindow"),
                section["IncrementalOverlapSeconds"] is { Length: > 0 } overlap
                    ? TimeSpan.FromSeconds(PositiveInt(overlap, 60, "SyncFunctions__IncrementalOverlapSeconds"))
                    : RunPacing.DefaultIncrementalOverlap,
                new OutageWaits(
                    NonNegativeInt(section["OutageRetries"], OutageWaits.Default.Retries, "SyncFunctions__OutageRetries"),
                    PositiveInt(section["OutageWaitSeconds"], OutageWaits.Default.FirstWaitSeconds, "SyncFunctions__OutageWaitSeconds"))),
            new UpstreamRetrySettings(
                section["UpstreamMaxRetries"] is { Length: > 0 } retries ? PositiveInt(retries, 4, "SyncFunctions__UpstreamMaxRetries") : null,
                section["UpstreamRetryBaseDelayMs"] is { Length: > 0 } delay ? TimeSpan.FromMilliseconds(PositiveInt(delay, 1000, "SyncFunctions__UpstreamRetryBaseDelayMs")) : null),
            new StorageConnection(
                storage.Value,
                UriOrNull(storage["tableServiceUri"]),
                UriOrNull(storage["queueServiceUri"]),
                storage["clientId"]),
            new WebhookDeliverySettings(
                section["WebhookMaxRetries"] is { Length: > 0 } webhookRetries ? PositiveInt(webhookRetries, 5, "SyncFunctions__WebhookMaxRetries") : null,
                section["WebhookRetryBaseDelayMs"] is { Length: > 0 } webhookDelay ? TimeSpan.FromMilliseconds(PositiveInt(webhookDelay, 1000, "SyncFunctions__WebhookRetryBaseDelayMs")) : null,
                section["WebhookTimeoutSeconds"] is { Length: > 0 } webhookTimeout ? TimeSpan.FromSeconds(WebhookTimeoutSeconds(webhookTimeout)) : null))
        {
            DeviceSync = DeviceSyncFrom(section),
            DemoSeed = DemoSeedFrom(section),
            PageBudget = PageBudgetFrom(section),
        };
    }

    // Well under the 10-minute function timeout: a crash re-fetches at most one budget of pages.
    private static PageBudget PageBudgetFrom(IConfigurationSection section)
    {
        var seconds = PositiveInt(section["PageBudgetSeconds"], (int)PageBudget.Default.MaxDuration.TotalSeconds, "SyncFunctions__PageBudgetSeconds");
        return seconds <= 300
            ? new PageBudget(
                TimeSpan.FromSeconds(seconds),
                PositiveInt(section["MaxPagesPerActivity"], PageBudget.Default.MaxPages, "SyncFunctions__MaxPagesPerActivity"),
                PositiveInt(section["PageStoreConcurrency"], PageBudget.DefaultStoreConcurrency, "SyncFunctions__PageStoreConcurrency"),
                PositiveInt(section["PageFetchConcurrency"], PageBudget.DefaultFetchConcurrency, "SyncFunctions__PageFetchConcurrency"))
            : throw new InvalidOperationException("SyncFunctions__PageBudgetSeconds must be at most 300, well under the function timeout.");
    }

    private static DemoSeedOptions? DemoSeedFrom(IConfigurationSection section)
    {
        if (section["DemoApiKey"] is not { Length: > 0 } key || section["DemoUpstreamUrl"] is not { Length: > 0 } url)
        {
            return null;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var upstream)
            && key.Length == ApiKeyTokens.Length && key.StartsWith(ApiKeyTokens.Prefix, StringComparison.Ordinal)
            ? new DemoSeedOptions(upstream, key)
            : throw new InvalidOperationException(
                $"SyncFunctions__DemoUpstreamUrl must be an absolute URL and SyncFunctions__DemoApiKey {ApiKeyTokens.Length} characters starting with '{ApiKeyTokens.Prefix}'.");
    }

    private static DeviceSyncOptions DeviceSyncFrom(IConfigurationSection section)
    {
        var pageSize = PositiveInt(section["DeviceSyncPageSize"], DeviceSyncOptions.Default.PageSize, "SyncFunctions__DeviceSyncPageSize");
        if (pageSize > DeviceSyncOptions.MaxPageSize)
        {
            throw new InvalidOperationException($"SyncFunctions__DeviceSyncPageSize must be at most {DeviceSyncOptions.MaxPageSize}.");
        }

        var idle = PositiveInt(section["DeviceSessionIdleMinutes"], (int)DeviceSyncOptions.Default.SessionIdleTimeout.TotalMinutes, "SyncFunctions__DeviceSessionIdleMinutes");
        return new DeviceSyncOptions(pageSize, TimeSpan.FromMinutes(idle));
    }

    // A delivery is signed once; every retry must still reach the receiver inside its 5-minute timestamp tolerance.
    private static int WebhookTimeoutSeconds(string value) =>
        PositiveInt(value, 120, "SyncFunctions__WebhookTimeoutSeconds") is var seconds and <= 240
            ? seconds
            : throw new InvalidOperationException("SyncFunctions__WebhookTimeoutSeconds must be at most 240, so retried deliveries stay inside receivers' 5-minute signature tolerance.");

    // One master secret; purpose keys (cursors, credential encryption) are derived from it.
    private static byte[] MasterKeyFrom(string? base64)
    {
        const string help = "SyncFunctions__CredentialKey must be a base64-encoded random key of at least 32 bytes " +
            "(e.g. `openssl rand -base64 32`); see docs/configuration.md.";
        if (string.IsNullOrWhiteSpace(base64))
        {
            throw new InvalidOperationException("SyncFunctions__CredentialKey is not set. " + help);
        }

        try
        {
            var key = Convert.FromBase64String(base64);
            return key.Length >= 32 ? key : throw new InvalidOperationException("SyncFunctions__CredentialKey is too short. " + help);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("SyncFunctions__CredentialKey is not valid base64. " + help);
        }
    }

    private static int PositiveInt(string? value, int fallback, string name) =>
        string.IsNullOrWhiteSpace(value) ? fallback
        : int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : throw new InvalidOperationException($"{name} must be a positive whole number.");

    private static int NonNegativeInt(string? value, int fallback, string name) =>
        string.IsNullOrWhiteSpace(value) ? fallback
        : int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 20 ? n
        : throw new InvalidOperationException($"{name} must be a whole number from 0 to 20.");

    private static Uri? UriOrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value);

    public override string ToString() => $"SyncFunctionsSettings {{ TablePrefix = {TablePrefix}, AdminKey = {(AdminKey is null ? "unset" : "***")} }}";
}

/// <summary>Overrides of the upstream adapter's retry policy (<c>SyncFunctions__UpstreamMaxRetries</c>, <c>__UpstreamRetryBaseDelayMs</c>); null keeps its defaults.</summary>
public sealed record UpstreamRetrySettings(int? MaxRetryAttempts, TimeSpan? BaseDelay);

/// <summary>Overrides of the webhook sender's policy (<c>SyncFunctions__WebhookMaxRetries</c>, <c>__WebhookRetryBaseDelayMs</c>, <c>__WebhookTimeoutSeconds</c>); null keeps its defaults.</summary>
public sealed record WebhookDeliverySettings(int? MaxRetryAttempts, TimeSpan? BaseDelay, TimeSpan? TotalTimeout);
