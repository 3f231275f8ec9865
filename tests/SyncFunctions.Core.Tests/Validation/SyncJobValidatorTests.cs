using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine.Validation;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Tests.Engine.Fixtures;

namespace SyncFunctions.Core.Tests.Validation;

public sealed class SyncJobValidatorTests
{
    private static readonly IntegrationDefinition Integration = SampleDefinitions.Integration();

    private static IReadOnlyList<Core.Errors.FieldError> Validate(SyncJobDefinition job) => SyncJobValidator.Validate(job, Integration);

    private static SyncJobDefinition Job(params SyncJobResource[] resources) => SampleDefinitions.Job() with { Resources = resources };

    private static SyncJobResource List(string resource, string? dependsOn = null) => new() { Resource = resource, Method = "list", DependsOn = dependsOn };

    [Fact]
    public void The_sample_job_is_valid() => Assert.Empty(Validate(SampleDefinitions.Job()));

    [Fact]
    public void A_missing_integration_is_unknown_integration_name()
    {
        var error = Assert.Single(SyncJobValidator.Validate(SampleDefinitions.Job(), null));
        Assert.Equal(("integration_name", ValidationCodes.Unknown), (error.Field, error.Code));
    }

    private static readonly Dictionary<string, (Func<SyncJobDefinition, SyncJobDefinition> Break, string Field, string Code)> Cases = new()
    {
        ["integration_name missing"] = (j => j with { IntegrationName = null }, "integration_name", ValidationCodes.Required),
        ["no resources"] = (j => j with { Resources = [] }, "resources", ValidationCodes.Required),
        ["resource missing"] = (j => j.WithEntry(2, e => e with { Resource = null }), "resources[2].resource", ValidationCodes.Required),
        ["resource not in integration"] = (j => j.WithEntry(2, e => e with { Resource = "crm/leads" }), "resources[2].resource", ValidationCodes.Unknown),
        ["method missing"] = (j => j.WithEntry(0, e => e with { Method = null }), "resources[0].method", ValidationCodes.Required),
        ["method delete"] = (j => j.WithEntry(0, e => e with { Method = "delete" }), "resources[0].method", ValidationCodes.Invalid),
        ["get not defined for resource"] = (j => j.WithEntry(1, e => e with { Method = "get", Id = "1" }), "resources[1].method", ValidationCodes.Unknown),
        ["get without id"] = (j => j.WithEntry(2, e => e with { Id = null, LoopOn = null }), "resources[2].id", ValidationCodes.Required),
        ["depends_on unknown"] = (j => j.WithEntry(1, e => e with { DependsOn = "crm/leads" }), "resources[1].depends_on", ValidationCodes.Unknown),
        ["depends_on itself"] = (j => j.WithEntry(0, e => e with { DependsOn = "crm/contacts" }), "resources[0].depends_on", ValidationCodes.Invalid),
        ["depends_on blank"] = (j => j.WithEntry(0, e => e with { DependsOn = " " }), "resources[0].depends_on", ValidationCodes.Invalid),
        ["loop_on not an argument"] = (j => j.WithEntry(2, e => e with { LoopOn = "{{resources.x}}" }), "resources[2].loop_on", ValidationCodes.Invalid),
        ["loop_on undeclared"] = (j => j.WithEntry(2, e => e with { LoopOn = "team_ids" }), "resources[2].loop_on", ValidationCodes.Unknown),
        ["loop_on a string argument"] = (j => j.WithEntry(2, e => e with { LoopOn = "status", Id = "{{args.status}}" }), "resources[2].loop_on", ValidationCodes.Invalid),
        ["id placeholder undeclared arg"] = (j => j.WithEntry(2, e => e with { Id = "{{args.user_id}}", LoopOn = null }), "resources[2].id", ValidationCodes.UnresolvablePlaceholder),
        ["array argument without loop_on"] = (j => j.WithEntry(2, e => e with { LoopOn = null }), "resources[2].id", ValidationCodes.UnresolvablePlaceholder),
        ["object argument as text"] = (j => j.WithEntry(0, e => e with { Query = new Dictionary<string, string> { ["owner"] = "{{args.owner}}" } }), "resources[0].query.owner", ValidationCodes.UnresolvablePlaceholder),
        ["id uses itself"] = (j => j.WithEntry(2, e => e with { Id = "{{id}}", LoopOn = null }), "resources[2].id", ValidationCodes.UnresolvablePlaceholder),
        ["query undeclared arg"] = (j => j.WithEntry(0, e => e with { Query = new Dictionary<string, string> { ["owner"] = "{{args.owner_id}}" } }), "resources[0].query.owner", ValidationCodes.UnresolvablePlaceholder),
        ["query parent without depends_on"] = (j => j.WithEntry(0, e => e with { Query = new Dictionary<string, string> { ["c"] = "{{resources.crm.contacts.id}}" } }), "resources[0].query.c", ValidationCodes.UnresolvablePlaceholder),
        ["query names a non-parent resource"] = (j => j.WithEntry(1, e => e with { Query = new Dictionary<string, string> { ["u"] = "{{resources.users.id}}" } }), "resources[1].query.u", ValidationCodes.UnresolvablePlaceholder),
        ["query parent without field"] = (j => j.WithEntry(1, e => e with { Query = new Dictionary<string, string> { ["c"] = "{{resources.crm.contacts}}" } }), "resources[1].query.c", ValidationCodes.UnresolvablePlaceholder),
        ["query unknown root"] = (j => j.WithEntry(0, e => e with { Query = new Dictionary<string, string> { ["c"] = "{{env.secret}}" } }), "resources[0].query.c", ValidationCodes.UnresolvablePlaceholder),
        ["query id without id"] = (j => j.WithEntry(0, e => e with { Query = new Dictionary<string, string> { ["c"] = "{{id}}" } }), "resources[0].query.c", ValidationCodes.UnresolvablePlaceholder),
        ["query template unclosed"] = (j => j.WithEntry(0, e => e with { Query = new Dictionary<string, string> { ["c"] = "{{args.status" } }), "resources[0].query.c", ValidationCodes.Invalid),
        ["endpoint path needs a parent"] = (j => j.WithEntry(1, e => e with { DependsOn = null }), "resources[1].resource", ValidationCodes.UnresolvablePlaceholder),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_broken_rule_is_reported_once_on_its_field(string caseName)
    {
        var (breakIt, field, code) = Cases[caseName];

        var errors = Validate(breakIt(SampleDefinitions.Job()));

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [InlineData("user_ids")]
    [InlineData("args.user_ids")]
    [InlineData("{{args.user_ids}}")]
    [InlineData("{{ args.user_ids }}")]
    public void Loop_on_accepts_each_spelling(string loopOn) =>
        Assert.Empty(Validate(SampleDefinitions.Job().WithEntry(2, e => e with { LoopOn = loopOn })));

    [Fact]
    public void Loop_on_type_lists_including_array_pass()
    {
        var job = SampleDefinitions.Job();
        job = job with { ArgsSchema = (JsonObject)JsonNode.Parse("""{"properties":{"user_ids":{"type":["array","null"]},"status":{}}}""")! };

        Assert.Empty(Validate(job));
    }

    [Fact]
    public void Fields_and_elements_of_structured_arguments_are_fine()
    {
        var job = SampleDefinitions.Job().WithEntry(0, e => e with
        {
            Query = new Dictionary<string, string> { ["owner"] = "{{args.owner.id}}", ["first"] = "{{args.user_ids.0}}" },
        });

        Assert.Empty(Validate(job));
    }

    [Fact]
    public void Without_declared_properties_any_argument_is_accepted()
    {
        var job = SampleDefinitions.Job() with { ArgsSchema = null };
        job = job.WithEntry(0, e => e with { Query = new Dictionary<string, string> { ["x"] = "{{args.anything.nested}}" } });

        Assert.Empty(Validate(job));
    }

    [Fact]
    public void A_child_reads_its_parent_record_with_dots_for_slashes()
    {
        var job = SampleDefinitions.Job().WithEntry(1, e => e with { Query = new Dictionary<string, string> { ["contact"] = "{{ resources.crm.contacts.owner.id }}" } });

        Assert.Empty(Validate(job));
    }

    [Fact]
    public void Account_variables_and_previous_run_date_are_left_to_run_time()
    {
        var job = SampleDefinitions.Job().WithEntry(0, e => e with
        {
            Query = new Dictionary<string, string> { ["region"] = "{{account.region}}", ["since"] = "{{previous_run_date}}" },
        });

        Assert.Empty(Validate(job));
    }

    [Fact]
    public void A_get_may_read_its_id_in_the_endpoint_path()
    {
        var job = Job(new SyncJobResource { Resource = "crm/contacts", Method = "get", Id = "42" });

        Assert.Empty(Validate(job));
    }

    [Fact]
    public void A_get_may_depend_on_the_list_of_the_same_resource()
    {
        var job = Job(
            List("crm/contacts") with { Persist = false },
            new SyncJobResource { Resource = "crm/contacts", Method = "get", Id = "{{resources.crm.contacts.id}}", DependsOn = "crm/contacts" });

        Assert.Empty(Validate(job));
    }

    [Fact]
    public void Depends_on_that_matches_two_entries_is_ambiguous()
    {
        var job = Job(List("crm/contacts"), List("crm/contacts"), List("crm/notes", "crm/contacts"));

        var error = Assert.Single(Validate(job));
        Assert.Equal(("resources[2].depends_on", ValidationCodes.Ambiguous), (error.Field, error.Code));
    }

    [Fact]
    public void A_default_query_the_job_overrides_is_not_checked()
    {
        var integration = Integration.WithList("crm/contacts", e => e with { Query = new Dictionary<string, string> { ["owner"] = "{{args.owner_id}}" } });
        var job = Job(List("crm/contacts") with { Query = new Dictionary<string, string> { ["owner"] = "me" } });

        Assert.Empty(SyncJobValidator.Validate(job, integration));
        var error = Assert.Single(SyncJobValidator.Validate(Job(List("crm/contacts")), integration));
        Assert.Equal(("resources[0].resource", ValidationCodes.UnresolvablePlaceholder), (error.Field, error.Code));
    }

    [Fact]
    public void An_endpoint_path_id_needs_an_id_on_the_entry()
    {
        var integration = Integration.WithList("tickets", e => e with { Path = "/queues/{{id}}/tickets" });

        var error = Assert.Single(SyncJobValidator.Validate(Job(List("tickets")), integration));
        Assert.Equal(("resources[0].resource", ValidationCodes.UnresolvablePlaceholder), (error.Field, error.Code));
        Assert.Contains("{{id}}", error.Message, StringComparison.Ordinal);
        Assert.Empty(SyncJobValidator.Validate(Job(List("tickets") with { Id = "q1" }), integration));
    }

    [Fact]
    public void A_cycle_of_two_is_reported_once_where_it_closes()
    {
        var job = Job(List("tickets", "deals"), List("deals", "tickets"));

        var error = Assert.Single(Validate(job));
        Assert.Equal(("resources[1].depends_on", ValidationCodes.Cycle), (error.Field, error.Code));
        Assert.Contains("tickets → deals → tickets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_of_three_is_reported_once_where_it_closes()
    {
        var job = Job(List("tickets", "users"), List("deals", "tickets"), List("users", "deals"));

        var error = Assert.Single(Validate(job));
        Assert.Equal(("resources[1].depends_on", ValidationCodes.Cycle), (error.Field, error.Code));
    }

    [Fact]
    public void A_cycle_reached_from_a_tail_is_still_reported_once()
    {
        var job = Job(List("crm/contacts", "tickets"), List("tickets", "deals"), List("deals", "tickets"));

        var error = Assert.Single(Validate(job));
        Assert.Equal(("resources[2].depends_on", ValidationCodes.Cycle), (error.Field, error.Code));
    }

    [Fact]
    public void Two_separate_cycles_are_two_errors()
    {
        var job = Job(List("tickets", "deals"), List("deals", "tickets"), List("users", "crm/contacts"), List("crm/contacts", "users"));

        var errors = Validate(job);

        Assert.Equal(["resources[1].depends_on", "resources[3].depends_on"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal(ValidationCodes.Cycle, e.Code));
    }

    [Fact]
    public void A_chain_is_not_a_cycle() =>
        Assert.Empty(Validate(Job(List("tickets"), List("deals", "tickets"), List("users", "deals"))));

    [Fact]
    public void Without_an_integration_structural_rules_still_apply()
    {
        var job = SampleDefinitions.Job().WithEntry(1, e => e with { DependsOn = "nothing" });

        var errors = SyncJobValidator.Validate(job, null);

        Assert.Equal(["integration_name", "resources[1].depends_on"], errors.Select(e => e.Field));
    }
}
