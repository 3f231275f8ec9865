using System.Text.Json;
using Microsoft.DurableTask;
using SyncFunctions.Durable;
using SyncFunctions.Http;

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

        var table = ApiRoutes.All.Select(r => (Name: r.FunctionName, r.Method, r.Route)).OrderBy(r => r.Name).ToList();

        Assert.Equal(table, http);
        Assert.Equal(table.Count, table.Select(r => (r.Method, r.Route)).Distinct().Count());
    }

    [Fact]
    public void Orchestrators_and_activities_match_the_durable_registration_list()
    {
        var registry = new DurableTaskRegistry();
        DurableTasks.Register(registry);
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
    public void Every_function_has_a_known_trigger_kind()
    {
        var kinds = Functions.Select(f => Trigger(f).GetProperty("type").GetString()).ToHashSet();
        Assert.Subset(new HashSet<string?> { "httpTrigger", "orchestrationTrigger", "activityTrigger", "timerTrigger", "queueTrigger" }, kinds);
    }
}
