using System.Text.Json.Nodes;
using SyncFunctions.Core.SyncJobs;

namespace SyncFunctions.Core.Tests.SyncJobs;

public sealed class ArgsSchemaTests
{
    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("""{"type":"object","properties":{"user_ids":{"type":"array","items":{"type":"string"}}},"required":["user_ids"]}""")]
    [InlineData("""{"type":["object","null"]}""")]
    [InlineData("""{}""")]
    public async Task Well_formed_schemas_pass(string schema) =>
        Assert.Empty(await ArgsSchema.CheckAsync(Parse(schema)));

    [Theory]
    [InlineData("""{"type":12}""", "args_schema.type")]
    [InlineData("""{"type":"obj"}""", "args_schema.type")]
    [InlineData("""{"properties":[]}""", "args_schema.properties")]
    [InlineData("""{"properties":{"a":{"type":"strin"}}}""", "args_schema.properties.a.type")]
    [InlineData("""{"required":"a"}""", "args_schema.required")]
    [InlineData("""{"properties":{"a":{"type":"array","items":5}}}""", "args_schema.properties.a.items")]
    public async Task Malformed_schemas_name_the_keyword(string schema, string field)
    {
        var errors = await ArgsSchema.CheckAsync(Parse(schema));

        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public async Task Run_args_are_validated_against_the_schema()
    {
        var schema = Parse("""{"type":"object","properties":{"user_ids":{"type":"array","items":{"type":"string"}}},"required":["user_ids"]}""");

        Assert.Empty(await ArgsSchema.ValidateAsync(schema, Parse("""{"user_ids":["a","b"]}""")));
        Assert.NotEmpty(await ArgsSchema.ValidateAsync(schema, Parse("""{}""")));
        var wrongType = await ArgsSchema.ValidateAsync(schema, Parse("""{"user_ids":"a"}"""));
        Assert.Contains(wrongType, e => e.Field.StartsWith("args", StringComparison.Ordinal) && e.Field.Contains("user_ids", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_schema_accepts_anything()
    {
        Assert.Empty(await ArgsSchema.CheckAsync(null));
        Assert.Empty(await ArgsSchema.ValidateAsync(null, Parse("""{"x":1}""")));
    }
}
