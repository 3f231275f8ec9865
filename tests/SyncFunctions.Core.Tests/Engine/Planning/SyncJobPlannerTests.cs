using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Placeholders;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Tests.Engine.Fixtures;

namespace SyncFunctions.Core.Tests.Engine.Planning;

public sealed class SyncJobPlannerTests
{
    private static readonly JsonObject Args = new() { ["user_ids"] = new JsonArray("u-1", "u-2", "u-3"), ["status"] = "open" };

    private static SyncJobResource List(string resource, string? dependsOn = null) => new() { Resource = resource, Method = "list", DependsOn = dependsOn };

    private static SyncJobDefinition Job(params SyncJobResource[] resources) => SampleDefinitions.Job() with { Resources = resources };

    private static SyncJobPlan Plan(SyncJobDefinition job, JsonObject? args = null) => SyncJobPlanner.Plan(job, SampleDefinitions.Integration(), args ?? Args);

    [Fact]
    public void Parents_come_before_children_and_independent_entries_share_a_stage()
    {
        var plan = Plan(SampleDefinitions.Job());

        Assert.Equal(2, plan.Stages.Count);
        Assert.Equal([0, 2], plan.Stages[0].Entries.Select(e => e.Index));
        Assert.Equal([1], plan.Stages[1].Entries.Select(e => e.Index));
        Assert.Equal(0, plan.Entry(1).ParentIndex);
        Assert.Equal("crm/contacts", plan.Entry(1).Parent);
        Assert.Equal([1], plan.Entry(0).Children);
        Assert.Empty(plan.Entry(2).Children);
    }

    [Fact]
    public void A_child_declared_before_its_parent_still_runs_after_it()
    {
        var plan = Plan(Job(List("deals", "tickets"), List("users", "deals"), List("tickets")));

        Assert.Equal([[2], [0], [1]], plan.Stages.Select(s => s.Entries.Select(e => e.Index).ToArray()));
        Assert.Equal([0, 1, 2], plan.Stages.Select(s => s.Index));
    }

    [Fact]
    public void Ordering_is_stable_by_declaration_within_a_stage()
    {
        var plan = Plan(Job(List("users"), List("tickets"), List("deals"), List("crm/contacts")));

        var stage = Assert.Single(plan.Stages);
        Assert.Equal(["users", "tickets", "deals", "crm/contacts"], stage.Entries.Select(e => e.Resource));
    }

    [Fact]
    public void Siblings_under_one_parent_share_the_next_stage()
    {
        var plan = Plan(Job(List("crm/contacts"), List("crm/notes", "crm/contacts"), List("tickets", "crm/contacts"), List("deals", "tickets")));

        Assert.Equal([[0], [1, 2], [3]], plan.Stages.Select(s => s.Entries.Select(e => e.Index).ToArray()));
        Assert.Equal([1, 2], plan.Entry(0).Children);
    }

    [Fact]
    public void A_loop_has_one_unit_per_element_in_order()
    {
        var entry = Plan(SampleDefinitions.Job()).Entry(2);

        Assert.Equal("user_ids", entry.LoopArgument);
        Assert.Equal(["u-1", "u-2", "u-3"], entry.Units.Select(u => u.LoopItem!.GetValue<string>()));
        Assert.Equal(["2.0", "2.1", "2.2"], entry.Units.Select(u => u.Key));
    }

    [Fact]
    public void Without_a_loop_there_is_one_unit()
    {
        var entry = Plan(SampleDefinitions.Job()).Entry(0);

        var unit = Assert.Single(entry.Units);
        Assert.Null(unit.LoopItem);
        Assert.Null(entry.LoopArgument);
    }

    [Fact]
    public void An_empty_loop_array_has_no_units()
    {
        var plan = Plan(SampleDefinitions.Job(), new JsonObject { ["user_ids"] = new JsonArray() });

        Assert.Empty(plan.Entry(2).Units);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"user_ids": null}""")]
    [InlineData("""{"user_ids": "u-1"}""")]
    public void A_loop_argument_that_is_not_an_array_is_a_configuration_error(string args)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Plan(SampleDefinitions.Job(), (JsonObject)JsonNode.Parse(args)!));

        Assert.Equal(EngineErrorCodes.InvalidLoopArgument, ex.Code);
        Assert.Equal("args.user_ids", ex.Field);
    }

    [Fact]
    public void A_proxy_resource_persists_only_when_asked()
    {
        var plan = Plan(SampleDefinitions.Job() with
        {
            Resources = [.. SampleDefinitions.Job().Resources!.Select((r, i) => i == 0 ? r with { Persist = null } : i == 2 ? r with { Persist = true } : r)],
        });

        Assert.False(plan.Entry(0).Persist); // not said: Truto's proxy default
        Assert.False(plan.Entry(1).Persist); // said false
        Assert.True(plan.Entry(2).Persist);
    }

    [Fact]
    public void A_unit_context_resolves_the_loop_argument_to_its_element()
    {
        var entry = Plan(SampleDefinitions.Job()).Entry(2);
        var run = new PlaceholderContext { Args = Args };

        var ids = entry.Units.Select(u => Placeholder.Render(entry.Definition.Id!, entry.ContextFor(u, run), PlaceholderSink.Raw, "id"));

        Assert.Equal(["u-1", "u-2", "u-3"], ids);
        Assert.Same(run, Plan(SampleDefinitions.Job()).Entry(0).ContextFor(Plan(SampleDefinitions.Job()).Entry(0).Units[0], run));
    }

    [Fact]
    public void Loop_items_are_copies_so_the_args_stay_untouched()
    {
        var args = (JsonObject)Args.DeepClone();
        var entry = Plan(SampleDefinitions.Job(), args).Entry(2);

        Assert.NotSame(args["user_ids"]![0], entry.Units[0].LoopItem);
        Assert.Equal(3, args["user_ids"]!.AsArray().Count);
    }

    [Fact]
    public void An_invalid_job_is_refused_with_every_error()
    {
        var job = Job(List("tickets", "deals"), List("deals", "tickets"), List("nope"));

        var ex = Assert.Throws<ConfigurationException>(() => Plan(job));

        Assert.Equal(EngineErrorCodes.InvalidJobDefinition, ex.Code);
        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.Code == "cycle");
    }

    [Fact]
    public void A_plan_round_trips_through_json_for_durable_payloads()
    {
        var options = new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower };
        var plan = Plan(SampleDefinitions.Job());

        var json = System.Text.Json.JsonSerializer.Serialize(plan, options);
        var back = System.Text.Json.JsonSerializer.Deserialize<SyncJobPlan>(json, options)!;

        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(back, options));
        Assert.Equal("u-2", back.Entry(2).Units[1].LoopItem!.GetValue<string>());
        Assert.Equal(0, back.Entry(1).ParentIndex);
        Assert.DoesNotContain("\"key\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_input_gives_the_same_plan()
    {
        var first = Plan(SampleDefinitions.Job());
        var second = Plan(SampleDefinitions.Job());

        Assert.Equal(
            first.Entries.Select(e => (e.Index, e.Resource, e.Method, e.ParentIndex, string.Join(",", e.Units.Select(u => u.Key)))),
            second.Entries.Select(e => (e.Index, e.Resource, e.Method, e.ParentIndex, string.Join(",", e.Units.Select(u => u.Key)))));
    }
}
