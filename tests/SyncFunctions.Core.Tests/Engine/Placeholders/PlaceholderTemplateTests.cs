using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Placeholders;

namespace SyncFunctions.Core.Tests.Engine.Placeholders;

public sealed class PlaceholderTemplateTests
{
    [Fact]
    public void References_are_found_in_order_with_whitespace_tolerated()
    {
        var references = Placeholder.References("/a/{{args.x}}/b/{{  resources.crm.contacts.id\t}}?{{id}}");

        Assert.Equal(["args.x", "resources.crm.contacts.id", "id"], references.Select(r => r.Expression));
        Assert.Equal("{{  resources.crm.contacts.id\t}}", references[1].Text);
        Assert.Equal("resources", references[1].Root);
        Assert.Equal(["crm", "contacts", "id"], references[1].Rest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData("single { braces }")]
    [InlineData("closing only }}")]
    public void Text_without_placeholders_has_no_references(string template) =>
        Assert.Empty(Placeholder.References(template));

    [Theory]
    [InlineData("{{args.x")]
    [InlineData("a {{ }} b")]
    [InlineData("{{args..x}}")]
    [InlineData("{{.x}}")]
    [InlineData("{{args.x y}}")]
    [InlineData("{{args.x|upper}}")]
    [InlineData("{{args.{{x}}}}")]
    public void Malformed_templates_do_not_parse(string template)
    {
        Assert.False(PlaceholderTemplate.TryParse(template, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Throws<FormatException>(() => Placeholder.References(template));
    }

    [Fact]
    public void Rendering_a_malformed_template_is_a_configuration_error()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Placeholder.Render("{{args.x", new PlaceholderContext(), PlaceholderSink.Raw, "query.x"));
        Assert.Equal(UpstreamErrorKind.Config, ex.Kind);
        Assert.Equal("query.x", ex.Field);
    }

    [Theory]
    [InlineData("user_ids", "user_ids")]
    [InlineData("args.user_ids", "user_ids")]
    [InlineData("{{args.user_ids}}", "user_ids")]
    [InlineData("{{ args.user_ids }}", "user_ids")]
    [InlineData(" user-ids ", "user-ids")]
    [InlineData("", null)]
    [InlineData("args.", null)]
    [InlineData("args.a.b", null)]
    [InlineData("{{resources.x.id}}", null)]
    [InlineData("{{}}", null)]
    public void Loop_on_spellings_name_the_argument(string loopOn, string? expected) =>
        Assert.Equal(expected, LoopArgument.Name(loopOn));

    [Theory]
    [InlineData("{{args.x}}", null)]
    [InlineData("{{args}}", "argument name")]
    [InlineData("{{resources.crm.contacts.id}}", null)]
    [InlineData("{{resources.contacts}}", "parent resource and a field")]
    [InlineData("{{account.sub}}", null)]
    [InlineData("{{account.a.b}}", "account.<variable>")]
    [InlineData("{{previous_run_date}}", null)]
    [InlineData("{{previous_run_date.x}}", "takes no field")]
    [InlineData("{{id}}", null)]
    [InlineData("{{secrets.x}}", "not something placeholders can read")]
    public void Shapes_are_checked_before_any_job_is_known(string template, string? problem)
    {
        var found = PlaceholderShape.Problem(Placeholder.References(template)[0]);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }
}
