using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine.Placeholders;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.Tests.Unified;

public sealed class UnifiedRecordMapperTests
{
    private static UnifiedRecordMapper Mapper(UnifiedModelDefinition model) =>
        new(new UnifiedCatalog(new Dictionary<string, UnifiedModelDefinition> { ["crm"] = model }).Bind("crm/contacts", "flat", out var problem)
            ?? throw new InvalidOperationException(problem));

    private static ExtractedRecords Page(params string[] records) => new(
        records.Select((json, i) =>
        {
            var data = JsonNode.Parse(json)!.AsObject();
            return new ExtractedRecord(data["id"]?.ToJsonString() ?? "?", data, null, false, CanonicalJson.Hash(data), i, 0);
        }).ToList(),
        []);

    [Fact]
    public async Task Maps_each_record_and_keeps_the_raw_one_as_remote_data()
    {
        var raw = """{"id":7,"email":"ada@example.com","first_name":"Ada","last_name":"Lovelace"}""";

        var mapped = Assert.Single((await Mapper(MappingRulesTests.Crm()).MapAsync(Page(raw))).Valid);

        Assert.Equal("7", mapped.Id);
        Assert.Equal("ada@example.com", mapped.Data["email"]!.GetValue<string>());
        Assert.Equal("Ada Lovelace", mapped.Data["name"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(raw), mapped.Data["remote_data"]));
        Assert.Equal(CanonicalJson.Hash(mapped.Data), mapped.ContentHash);
    }

    [Fact]
    public async Task A_record_without_a_mapped_id_or_whose_mapping_fails_is_invalid_with_the_field()
    {
        var mapper = Mapper(MappingRulesTests.Crm(new() { ["id"] = "uid", ["tags"] = "join(',', tags)" }));

        var page = await mapper.MapAsync(Page("""{"id":1,"uid":"a","tags":["x"]}""", """{"id":2,"tags":["y"]}""", """{"id":3,"uid":"c","tags":[1]}"""));

        Assert.Equal(["a"], page.Valid.Select(r => r.Id));
        Assert.Equal([1, 2], page.Invalid.Select(i => i.Index));
        Assert.All(page.Invalid, i => Assert.Equal(InvalidRecordReasons.MappingFailed, i.Reason));
        Assert.StartsWith("response_mapping.id:", page.Invalid[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("response_mapping.tags:", page.Invalid[1].Message, StringComparison.Ordinal);
        Assert.Equal(3, page.Count);
    }

    [Fact]
    public async Task With_validate_records_a_record_that_breaks_the_schema_is_invalid()
    {
        var mapper = Mapper(MappingRulesTests.Crm(new() { ["id"] = "to_string(id)", ["email"] = "email" }, validate: true));

        var page = await mapper.MapAsync(Page("""{"id":1,"email":"a@example.com"}""", """{"id":2,"email":42}"""));

        Assert.Equal(["1"], page.Valid.Select(r => r.Id));
        Assert.StartsWith("schema", Assert.Single(page.Invalid).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_query_mapping_translates_the_unified_query_with_the_previous_run_date()
    {
        var model = MappingRulesTests.Crm() with { };
        var mapper = Mapper(model with
        {
            Resources = new Dictionary<string, UnifiedResourceDefinition>
            {
                ["contacts"] = model.Resources!["contacts"] with
                {
                    IntegrationMapping = new Dictionary<string, ResourceMapping>
                    {
                        ["flat"] = model.Resources["contacts"].IntegrationMapping!["flat"] with
                        {
                            QueryMapping = new Dictionary<string, string?> { ["updated_since"] = "previous_run_date", ["status"] = "state", ["absent"] = "nothing" },
                        },
                    },
                },
            },
        });
        var entry = new SyncJobResource { Resource = "crm/contacts", Method = "list", Query = new Dictionary<string, string> { ["state"] = "{{args.state}}" } };

        var query = mapper.Query(entry, new PlaceholderContext { Args = new JsonObject { ["state"] = "open" }, PreviousRunDate = new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero) });

        Assert.Equal(new Dictionary<string, string> { ["updated_since"] = "2024-05-01T08:00:00.000Z", ["status"] = "open" }, query);
    }
}
