using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Composition;
using SyncFunctions.DeviceSync;
using SyncFunctions.Http;
using SyncFunctions.Schedules;
using SyncFunctions.Status;
using SyncFunctions.Storage;
using SyncFunctions.Storage.Queues;
using SyncFunctions.Testing.Durable;
using SyncFunctions.Webhooks;

namespace SyncFunctions.Tests.Build;

/// <summary>
/// functions.metadata is what the Functions host reads to wire triggers. It is generated from the
/// attributes; these tests hold it to the route table and the Durable registration list.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly JsonElement[] Functions = Load();

    private static JsonElement[] Load()
    {
        var path = Path.Combine(RepositoryPaths.AppOutput, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build src/SyncFunctions first.");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray().ToArray();
    }

    // Enough configuration for the app's composition root to build (nothing connects).
    private static IConfiguration AppConfiguration() => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["SyncFunctions:CredentialKey"] = Convert.ToBase64String(new byte[32]),
    }).Build();

    private static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    [Fact]
    public void Every_http_function_matches_the_route_table()
    {
        var http = Functions
            .Where(f => Trigger(f).GetProperty("type").GetString() == "httpTrigger")
            .Select(f =>
            {
                var trigger = Trigger(f);
                var methods = trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToArray();
                Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
                return (Name: f.GetProperty("name").GetString()!, Method: Assert.Single(methods), Route: trigger.GetProperty("route").GetString()!);
            })
            .OrderBy(f => f.Name)
            .ToList();

        var table = ApiRoutes.All.Select(r => (Name: r.FunctionName, r.Method, Route: r.Template)).OrderBy(r => r.Name).ToList();

        Assert.Equal(table, http);
        Assert.Equal(table.Count, table.Select(r => (r.Method, r.Route)).Distinct().Count());
    }

    [Fact]
    public void The_durable_harness_runs_exactly_the_orchestrators_and_activities_the_host_finds()
    {
        var app = typeof(ServiceRegistration).Assembly;
        var registry = new DurableTaskRegistry();
        FunctionDurableTasks.Register(registry, app, () => throw new InvalidOperationException("not started"));
        var registered = registry.GetOrchestrators().Select(o => ("orchestrationTrigger", o.Key.Name))
            .Concat(registry.GetActivities().Select(a => ("activityTrigger", a.Key.Name)))
            .Order()
            .ToList();

        var inMetadata = Functions
            .Select(f => (Type: Trigger(f).GetProperty("type").GetString()!, Name: f.GetProperty("name").GetString()!))
            .Where(f => f.Type is "orchestrationTrigger" or "activityTrigger")
            .Order()
            .ToList();

        Assert.NotEmpty(registered);
        Assert.Equal(registered, inMetadata);
    }

    [Fact]
    public void The_device_ack_queue_trigger_listens_where_acks_are_sent()
    {
        var trigger = Trigger(Functions.Single(f => f.GetProperty("name").GetString() == ApplyDeviceAcksFunction.Name));

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(QueueNames.DeviceAcks, trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        using var app = new ServiceCollection().AddSyncFunctions(AppConfiguration()).BuildServiceProvider();
        Assert.Equal(QueueNames.DeviceAcks, app.GetRequiredService<DeviceAckQueueName>().Value);
    }

    [Fact]
    public void The_webhook_event_queue_trigger_listens_where_events_are_sent()
    {
        var trigger = Trigger(Functions.Single(f => f.GetProperty("name").GetString() == DeliverWebhookEventFunction.Name));

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(QueueNames.WebhookEvents, trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        using var app = new ServiceCollection().AddSyncFunctions(AppConfiguration()).BuildServiceProvider();
        Assert.Equal(QueueNames.WebhookEvents, app.GetRequiredService<WebhookEventQueueName>().Value);
    }

    [Fact]
    public void The_session_reaper_runs_on_its_timer()
    {
        var trigger = Trigger(Functions.Single(f => f.GetProperty("name").GetString() == ReapDeviceSessionsFunction.Name));

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("0 */5 * * * *", trigger.GetProperty("schedule").GetString());
        Assert.Equal(ReapDeviceSessionsFunction.Schedule, trigger.GetProperty("schedule").GetString());
    }

    [Fact]
    public void The_run_status_poller_runs_every_ten_seconds_with_a_durable_client()
    {
        var function = Functions.Single(f => f.GetProperty("name").GetString() == PollRunStatusesFunction.Name);
        var trigger = Trigger(function);

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("*/10 * * * * *", trigger.GetProperty("schedule").GetString());
        Assert.Equal(PollRunStatusesFunction.Schedule, trigger.GetProperty("schedule").GetString());
        Assert.Contains(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void The_cron_scheduler_runs_every_minute_with_a_durable_client()
    {
        var function = Functions.Single(f => f.GetProperty("name").GetString() == FireCronTriggersFunction.Name);
        var trigger = Trigger(function);

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("0 * * * * *", trigger.GetProperty("schedule").GetString());
        Assert.Equal(FireCronTriggersFunction.Schedule, trigger.GetProperty("schedule").GetString());
        Assert.Contains(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void Every_function_has_a_known_trigger_kind()
    {
        var kinds = Functions.Select(f => Trigger(f).GetProperty("type").GetString()).ToHashSet();
        Assert.Subset(new HashSet<string?> { "httpTrigger", "orchestrationTrigger", "activityTrigger", "timerTrigger", "queueTrigger" }, kinds);
    }
}
