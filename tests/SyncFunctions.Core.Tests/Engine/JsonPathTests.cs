using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;

namespace SyncFunctions.Core.Tests.Engine;

public sealed class JsonPathTests
{
    private static readonly JsonNode Body = JsonNode.Parse("""
        {
          "data": [ { "id": 1, "tags": ["a", "b"] }, { "id": "two" } ],
          "meta": { "next": "abc", "total": 42, "empty": null },
          "ticket-list": [ 7 ],
          "we'ird": true,
          "a.b": "dotted"
        }
        """)!;

    [Theory]
    [InlineData("$.meta.next", "\"abc\"")]
    [InlineData("$.meta.total", "42")]
    [InlineData("$.data[0].id", "1")]
    [InlineData("$.data[1].id", "\"two\"")]
    [InlineData("$.data[0].tags[1]", "\"b\"")]
    [InlineData("$['ticket-list']", "[7]")]
    [InlineData("$[\"ticket-list\"][0]", "7")]
    [InlineData("$['we\\'ird']", "true")]
    [InlineData("$['a.b']", "\"dotted\"")]
    [InlineData("$.ticket-list[0]", "7")]
    public void Selects_the_named_node(string path, string expectedJson) =>
        Assert.Equal(expectedJson, JsonPath.Parse(path).Select(Body)!.ToJsonString());

    [Fact]
    public void The_root_selects_the_whole_body()
    {
        var root = JsonPath.Parse("$");
        Assert.True(root.IsRoot);
        Assert.Same(Body, root.Select(Body));
    }

    [Theory]
    [InlineData("$.nope")]
    [InlineData("$.meta.next.deeper")]
    [InlineData("$.data[5]")]
    [InlineData("$.meta[0]")]
    [InlineData("$.data.id")]
    [InlineData("$.meta.empty")]
    public void Missing_steps_select_null(string path) =>
        Assert.Null(JsonPath.Parse(path).Select(Body));

    [Fact]
    public void Selecting_from_null_is_null() => Assert.Null(JsonPath.Parse("$.a").Select(null));

    [Theory]
    [InlineData("")]
    [InlineData("data")]
    [InlineData("$.")]
    [InlineData("$..a")]
    [InlineData("$.a[*]")]
    [InlineData("$.a[-1]")]
    [InlineData("$.a[")]
    [InlineData("$['a'")]
    [InlineData("$['a']x")]
    [InlineData("$.a b")]
    [InlineData("$a")]
    [InlineData("$.a[?(@.x)]")]
    [InlineData("$.a[99999999999]")]
    public void Unsupported_or_malformed_paths_do_not_parse(string path)
    {
        Assert.False(JsonPath.TryParse(path, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Throws<FormatException>(() => JsonPath.Parse(path));
    }

    [Theory]
    [InlineData("id", "{\"id\":5}", "5")]
    [InlineData("data.id", "{\"data\":{\"id\":\"x\"}}", "\"x\"")]
    [InlineData("items[1].id", "{\"items\":[{},{\"id\":3}]}", "3")]
    [InlineData("$.data.id", "{\"data\":{\"id\":9}}", "9")]
    [InlineData("['odd-key']", "{\"odd-key\":1}", null)]
    public void Field_paths_read_relative_to_the_record(string field, string record, string? expected)
    {
        if (expected is null)
        {
            Assert.False(JsonPath.TryParseField(field, out _, out _));
            return;
        }
        Assert.Equal(expected, JsonPath.ParseField(field).Select(JsonNode.Parse(record))!.ToJsonString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("data.")]
    [InlineData(".id")]
    [InlineData("data[*].id")]
    public void Malformed_field_paths_do_not_parse(string field) =>
        Assert.False(JsonPath.TryParseField(field, out _, out _));

    [Fact]
    public void The_text_is_kept_for_messages() =>
        Assert.Equal("$.meta['x-y']", JsonPath.Parse("$.meta['x-y']").ToString());
}
