using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Tests.Engine.Fixtures;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.Tests.Unified;

/// <summary>Which job resources are unified, what they fetch, and that they always persist.</summary>
public sealed class UnifiedJobRulesTests
{
    // The sample integration "democrm" has the raw resources users, deals, crm/contacts, crm/notes, tickets.
    private static readonly UnifiedCatalog Catalog = new(new Dictionary<string, UnifiedModelDefinition>
    {
        ["hr"] = new()
        {
            Name = "hr",
            Resources = new Dictionary<string, UnifiedResourceDefinition>
            {
                ["employees"] = new()
                {
                    IntegrationMapping = new Dictionary<string, ResourceMapping>
                    {
                        ["democrm"] = new() { Resource = "users", ResponseMapping = new Dictionary<string, string?> { ["id"] = "id" } },
                    },
                },
                ["teams"] = new(),
            },
        },
    });

    private static SyncJobDefinition Job(params SyncJobResource[] resources) => SampleDefinitions.Job() with { Resources = resources };

    [Fact]
    public void A_unified_entry_fetches_its_mapped_raw_resource_and_always_persists()
    {
        var plan = SyncJobPlanner.Plan(Job(new SyncJobResource { Resource = "hr/employees", Method = "list" }, new SyncJobResource { Resource = "users", Method = "list" }),
            SampleDefinitions.Integration(), null, Catalog);

        Assert.Equal(("users", "list", true), (plan.Entry(0).FetchResource, plan.Entry(0).FetchMethod, plan.Entry(0).Persist));
        Assert.NotNull(plan.Entry(0).Unified);
        Assert.Equal(("users", false), (plan.Entry(1).FetchResource, plan.Entry(1).Persist));
        Assert.Null(plan.Entry(1).Unified);
    }

    [Fact]
    public void Persist_false_on_a_unified_entry_is_refused_naming_the_field()
    {
        var errors = SyncJobValidator.Validate(Job(new SyncJobResource { Resource = "hr/employees", Method = "list", Persist = false }), SampleDefinitions.Integration(), Catalog);

        Assert.Equal("resources[0].persist", Assert.Single(errors).Field);
    }

    [Fact]
    public void A_unified_resource_without_a_mapping_for_the_integration_or_in_the_model_is_unknown()
    {
        var errors = SyncJobValidator.Validate(
            Job(new SyncJobResource { Resource = "hr/teams", Method = "list" }, new SyncJobResource { Resource = "hr/payroll", Method = "list" }),
            SampleDefinitions.Integration(), Catalog);

        Assert.Equal(["resources[0].resource", "resources[1].resource"], errors.Select(e => e.Field));
        Assert.Contains("maps no resource of integration 'democrm'", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("no resource 'payroll'", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_whose_prefix_is_no_model_stays_a_proxy_resource()
    {
        // The sample integration's raw crm/contacts: there is no unified model "crm" here.
        var plan = SyncJobPlanner.Plan(Job(new SyncJobResource { Resource = "crm/contacts", Method = "list" }), SampleDefinitions.Integration(), null, Catalog);

        Assert.Null(plan.Entry(0).Unified);
        Assert.False(plan.Entry(0).Persist);
    }

    [Fact]
    public void A_mapping_to_a_method_the_raw_resource_lacks_is_reported_on_method()
    {
        var catalog = new UnifiedCatalog(new Dictionary<string, UnifiedModelDefinition> { ["hr"] = new() { Name = "hr", Resources = new Dictionary<string, UnifiedResourceDefinition> { ["deals"] = new() { IntegrationMapping = new Dictionary<string, ResourceMapping> { ["democrm"] = new() { Resource = "deals", Method = "get", ResponseMapping = new Dictionary<string, string?> { ["id"] = "id" } } } } } } });

        var error = Assert.Single(SyncJobValidator.Validate(Job(new SyncJobResource { Resource = "hr/deals", Method = "list" }), SampleDefinitions.Integration(), catalog));

        Assert.Equal("resources[0].method", error.Field);
    }
}
