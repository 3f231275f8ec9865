using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using SyncFunctions.Core.SyncJobs;

namespace SyncFunctions.Core.Tests.SyncJobs;

/// <summary>What an args_schema must not be able to do: fetch documents, or pin a worker with a catastrophic regex.</summary>
public sealed class ArgsSchemaSafetyTests
{
    // Far above what a linear-time match needs, far below what the backtracking engine needs for these inputs (years).
    private static readonly TimeSpan SafetyCap = TimeSpan.FromSeconds(60);

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("""{"$ref":"http://127.0.0.1:9/x.json"}""", "args_schema.$ref")]
    [InlineData("""{"$ref":"file:///etc/passwd"}""", "args_schema.$ref")]
    [InlineData("""{"$ref":"other.json#/definitions/a"}""", "args_schema.$ref")]
    [InlineData("""{"definitions":{"a":{"$ref":"https://example.com/a.json"}}}""", "args_schema.definitions.a.$ref")]
    [InlineData("""{"items":[{"type":"string"},{"$ref":"//example.com/b"}]}""", "args_schema.items[1].$ref")]
    public async Task A_reference_outside_the_document_names_its_field(string schema, string field)
    {
        var errors = await ArgsSchema.CheckAsync(Parse(schema));

        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public async Task A_stored_schema_with_a_remote_ref_is_never_fetched_when_args_are_validated()
    {
        // As if saved before remote references were refused.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var schema = Parse("""{"type":"object","properties":{"a":{"$ref":"http://127.0.0.1:PORT/a.json"}}}""".Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var errors = await ArgsSchema.ValidateAsync(schema, Parse("""{"a":"x"}"""));

        Assert.Contains(errors, e => e.Field == "args_schema");
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task A_catastrophic_pattern_is_evaluated_in_linear_time()
    {
        // ^(a+)+$ against a's and one '!' backtracks 2^n times in a backtracking engine.
        var schema = Parse("""{"type":"object","properties":{"code":{"type":"string","pattern":"^(a+)+$"}}}""");
        Assert.Empty(await ArgsSchema.CheckAsync(schema));

        var errors = await Task.Run(() => ArgsSchema.ValidateAsync(schema, Parse($$"""{"code":"{{new string('a', 64)}}!"}"""))).WaitAsync(SafetyCap);
        var matched = await ArgsSchema.ValidateAsync(schema, Parse($$"""{"code":"{{new string('a', 64)}}"}"""));

        Assert.Contains(errors, e => e.Field == "args.code" && e.Message.Contains("PatternMismatch", StringComparison.Ordinal));
        Assert.Empty(matched);
    }

    [Theory]
    [InlineData("""{"properties":{"code":{"type":"string","pattern":"^(a)\\1$"}}}""", "args_schema.properties.code.pattern")]
    [InlineData("""{"properties":{"code":{"type":"string","pattern":"(?=a)a"}}}""", "args_schema.properties.code.pattern")]
    [InlineData("""{"properties":{"code":{"type":"string","pattern":"[a-"}}}""", "args_schema.properties.code.pattern")]
    [InlineData("""{"items":{"pattern":"(?<x>a)\\k<x>"}}""", "args_schema.items.pattern")]
    [InlineData("""{"patternProperties":{"^(a+)+$":{"type":"string"}}}""", "args_schema.patternProperties")]
    public async Task A_pattern_the_linear_engine_cannot_run_names_its_field(string schema, string field)
    {
        var errors = await ArgsSchema.CheckAsync(Parse(schema));

        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public async Task Ordinary_patterns_still_validate()
    {
        var schema = Parse("""{"type":"object","properties":{"sku":{"type":"string","pattern":"^[A-Z]{3}-\\d{4}$"}}}""");
        Assert.Empty(await ArgsSchema.CheckAsync(schema));

        Assert.Empty(await ArgsSchema.ValidateAsync(schema, Parse("""{"sku":"ABC-1234"}""")));
        Assert.Contains(await ArgsSchema.ValidateAsync(schema, Parse("""{"sku":"abc"}""")), e => e.Field == "args.sku");
    }
}
