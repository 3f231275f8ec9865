using System.Text.Json.Nodes;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.Tests.Unified;

public sealed class MappingRulesTests
{
    public static UnifiedModelDefinition Crm(Dictionary<string, string?>? response = null, bool validate = false) => new()
    {
        Name = "crm",
        Resources = new Dictionary<string, UnifiedResourceDefinition>
        {
            ["contacts"] = new()
            {
                Schema = JsonNode.Parse("""{"type":"object","properties":{"id":{"type":"string"},"email":{"type":["string","null"]}},"required":["id"]}""")!.AsObject(),
                ValidateRecords = validate,
                IntegrationMapping = new Dictionary<string, ResourceMapping>
                {
                    ["flat"] = new()
                    {
                        Resource = "contacts",
                        ResponseMapping = response ?? new Dictionary<string, string?> { ["id"] = "to_string(id)", ["email"] = "email", ["name"] = "concat_ws(' ', first_name, last_name)" },
                        QueryMapping = new Dictionary<string, string?> { ["updated_since"] = "modified_after" },
                    },
                },
            },
        },
    };

    [Fact]
    public async Task A_valid_model_passes()
    {
        Assert.Empty(await MappingRules.CheckModelAsync(Crm()));
    }

    [Fact]
    public async Task A_bad_expression_is_an_error_naming_its_field()
    {
        var errors = await MappingRules.CheckModelAsync(Crm(new() { ["id"] = "id", ["email"] = "properties.[" }));

        var error = Assert.Single(errors);
        Assert.Equal("resources.contacts.integration_mapping.flat.response_mapping.email", error.Field);
        Assert.Equal("invalid_expression", error.Code);
    }

    [Fact]
    public async Task A_mapping_without_an_id_expression_is_refused()
    {
        var error = Assert.Single(await MappingRules.CheckModelAsync(Crm(new() { ["email"] = "email" })));

        Assert.Equal("resources.contacts.integration_mapping.flat.response_mapping.id", error.Field);
        Assert.Equal("required", error.Code);
    }

    [Fact]
    public async Task Names_must_fit_routes_and_job_resources()
    {
        var errors = await MappingRules.CheckModelAsync(Crm() with { Name = "c/rm" });

        Assert.Equal("name", Assert.Single(errors).Field);
    }

    [Fact]
    public void Overrides_are_keyed_by_unified_resource_and_may_remove_fields()
    {
        Assert.Empty(MappingRules.CheckOverrides(new Dictionary<string, ResourceMapping?>
        {
            ["crm/contacts"] = new() { ResponseMapping = new Dictionary<string, string?> { ["email"] = null, ["nickname"] = "properties.nickname" } },
        }, "unified_overrides"));

        var errors = MappingRules.CheckOverrides(new Dictionary<string, ResourceMapping?>
        {
            ["contacts"] = new(),
            ["crm/deals"] = new() { QueryMapping = new Dictionary<string, string?> { ["since"] = "a.." } },
        }, "unified_overrides");
        Assert.Equal(["unified_overrides.contacts", "unified_overrides.crm/deals.query_mapping.since"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Account_beats_environment_beats_base()
    {
        var merged = MappingMerge.Apply(
            new ResourceMapping { Resource = "contacts", ResponseMapping = new Dictionary<string, string?> { ["id"] = "id", ["email"] = "email", ["name"] = "name" } },
            new ResourceMapping { ResponseMapping = new Dictionary<string, string?> { ["email"] = "work_email", ["name"] = "env_name", ["phone"] = "phone" } },
            new ResourceMapping { Resource = "people", ResponseMapping = new Dictionary<string, string?> { ["name"] = "account_name", ["phone"] = null } });

        Assert.Equal("people", merged.Resource);
        Assert.Equal(
            new Dictionary<string, string?> { ["id"] = "id", ["email"] = "work_email", ["name"] = "account_name" },
            merged.ResponseMapping);
    }
}
