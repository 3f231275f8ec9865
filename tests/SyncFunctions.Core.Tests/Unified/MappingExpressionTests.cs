using System.Text.Json.Nodes;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.Tests.Unified;

public sealed class MappingExpressionTests
{
    private static JsonNode? Eval(string expression, string json)
    {
        Assert.True(MappingExpression.TryCompile(expression, out var compiled, out var error), error);
        return compiled!.Evaluate(JsonNode.Parse(json));
    }

    [Fact]
    public void Selects_nested_fields_and_builds_objects()
    {
        var raw = """{"id":7,"properties":{"firstname":"Ada","email":"ada@example.com"}}""";

        Assert.Equal("ada@example.com", Eval("properties.email", raw)!.GetValue<string>());
        Assert.Equal("""{"first":"Ada","n":7}""", Eval("{first: properties.firstname, n: id}", raw)!.ToJsonString());
        Assert.Null(Eval("properties.phone", raw));
    }

    [Fact]
    public void Timestamp_strings_stay_the_strings_they_were()
    {
        // Newtonsoft would read this as a DateTime and write it back in another format.
        Assert.Equal("2024-05-01T10:00:00+02:00", Eval("updated", """{"updated":"2024-05-01T10:00:00+02:00"}""")!.GetValue<string>());
    }

    [Fact]
    public void Concat_ws_joins_the_values_that_are_there()
    {
        Assert.Equal("Ada Lovelace", Eval("concat_ws(' ', first, last)", """{"first":"Ada","last":"Lovelace"}""")!.GetValue<string>());
        Assert.Equal("Ada", Eval("concat_ws(' ', first, last)", """{"first":"Ada","last":null}""")!.GetValue<string>());
        Assert.Equal("Ada-3", Eval("concat_ws('-', first, n)", """{"first":"Ada","n":3}""")!.GetValue<string>());
        Assert.Null(Eval("concat_ws(' ', first, last)", """{}"""));
    }

    [Theory]
    [InlineData("\"2024-05-01T10:00:00+02:00\"", "2024-05-01T08:00:00.000Z")]
    [InlineData("\"Wed, 01 May 2024 08:00:00 GMT\"", "2024-05-01T08:00:00.000Z")]
    [InlineData("1714550400", "2024-05-01T08:00:00.000Z")]
    [InlineData("1714550400000", "2024-05-01T08:00:00.000Z")]
    [InlineData("\"1714550400000\"", "2024-05-01T08:00:00.000Z")]
    public void To_iso8601_normalises_timestamps(string value, string expected) =>
        Assert.Equal(expected, Eval("to_iso8601(t)", $$"""{"t":{{value}}}""")!.GetValue<string>());

    [Theory]
    [InlineData("\"not a date\"")]
    [InlineData("true")]
    [InlineData("null")]
    public void To_iso8601_gives_null_for_what_is_no_timestamp(string value) =>
        Assert.Null(Eval("to_iso8601(t)", $$"""{"t":{{value}}}"""));

    [Theory]
    [InlineData("properties.", "syntax")]
    [InlineData("nope(a)", "unknown-function")]
    [InlineData("", "empty")]
    public void Bad_expressions_do_not_compile_and_say_why(string text, string why)
    {
        Assert.False(MappingExpression.TryCompile(text, out _, out var error));
        Assert.Contains(why, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_function_given_the_wrong_type_fails_as_a_mapping_error()
    {
        Assert.True(MappingExpression.TryCompile("join(' ', names)", out var compiled, out _));

        Assert.Throws<MappingException>(() => compiled!.Evaluate(JsonNode.Parse("""{"names":[1,2]}""")));
    }
}
