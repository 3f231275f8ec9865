using Microsoft.Extensions.Configuration;
using SyncFunctions.Tests.Queues;

namespace SyncFunctions.Tests.Host;

/// <summary>
/// host.json values the host checks at start-up, where a bad one stops the host (every route then answers 503) and
/// no harness test notices: the harness never reads them. Read as the host reads host.json, as configuration
/// (case-insensitive keys), with the limits from the host's source.
/// </summary>
public sealed class HostJsonLimitsTests
{
    private static readonly IConfiguration HostJson = new ConfigurationBuilder().AddJsonFile(QueueTriggerDecoding.HostJsonPath).Build();

    [Fact]
    public void Queue_options_are_within_the_storage_queues_extension_limits()
    {
        // Microsoft.Azure.WebJobs.Extensions.Storage.Queues, Microsoft.Azure.WebJobs.Host/QueuesOptions.cs: the setters throw.
        var queues = HostJson.GetSection("extensions:queues");
        Assert.InRange(queues.GetValue("batchSize", 16), 1, 32);
        Assert.True(queues.GetValue("maxDequeueCount", 5) >= 1, "maxDequeueCount must be at least 1");
        Assert.True(queues.GetValue("newBatchThreshold", 0) >= 0, "newBatchThreshold must not be negative");
        Assert.True(queues.GetValue("maxPollingInterval", TimeSpan.FromMinutes(1)) >= TimeSpan.FromMilliseconds(100), "maxPollingInterval must be at least 100 ms");
        Assert.True(queues.GetValue("visibilityTimeout", TimeSpan.Zero) >= TimeSpan.Zero, "visibilityTimeout must not be negative");
    }

    [Fact]
    public void Durable_options_pass_the_extension_validation()
    {
        // Microsoft.Azure.WebJobs.Extensions.DurableTask DurableTaskOptions.Validate.
        var durable = HostJson.GetSection("extensions:durableTask");
        Assert.False(string.IsNullOrEmpty(durable["hubName"]), "durableTask.hubName must be set");
        foreach (var name in new[] { "maxConcurrentActivityFunctions", "maxConcurrentOrchestratorFunctions", "maxConcurrentEntityFunctions", "maxEntityOperationBatchSize" })
        {
            Assert.True(durable.GetValue<int?>(name) is null or > 0, $"durableTask.{name} must be a positive integer");
        }

        // The extension picks its backend by storageProvider.type; AzureStorage is the one infra/ provisions for.
        Assert.Equal("AzureStorage", durable["storageProvider:type"], ignoreCase: true);
    }

    [Fact]
    public void The_function_timeout_is_one_the_host_accepts_on_flex_consumption()
    {
        // azure-functions-host src/WebJobs.Script/Config/ScriptJobHostOptionsSetup.cs: at least 1 s; at most 10 min
        // on (classic) Consumption; unbounded (or -1) on Flex Consumption, the plan infra/ deploys.
        var value = HostJson["functionTimeout"];
        Assert.NotNull(value);
        var timeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(timeout == TimeSpan.FromDays(-1) || timeout >= TimeSpan.FromSeconds(1), $"functionTimeout {value} is below the host's 1 s minimum");
    }
}
