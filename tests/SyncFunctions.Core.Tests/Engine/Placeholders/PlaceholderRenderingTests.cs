using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Placeholders;

namespace SyncFunctions.Core.Tests.Engine.Placeholders;

public sealed class PlaceholderRenderingTests
{
    private static readonly PlaceholderContext Context = new()
    {
        Args = (JsonObject)JsonNode.Parse("""
            {
              "user_id": "u-1",
              "count": 25,
              "ratio": 0.5,
              "big": 12345678901234567890,
              "active": true,
              "off": false,
              "nothing": null,
              "blank": "",
              "owner": { "id": 7, "emails": ["a@x", "b@x"] },
              "user_ids": ["u-1", "u-2"],
              "slashy": "a/b?c=d&e#f",
              "dots": ".."
            }
            """)!,
        Account = new Dictionary<string, string> { ["subdomain"] = "acme", ["region"] = "eu west" },
        PreviousRunDate = new DateTimeOffset(2024, 3, 5, 14, 7, 9, 42, TimeSpan.FromHours(2)),
        Id = "contact/42",
    };

    private static string Raw(string template, PlaceholderContext? context = null) =>
        Placeholder.Render(template, context ?? Context, PlaceholderSink.Raw, "field");

    [Theory]
    [InlineData("{{args.user_id}}", "u-1")]
    [InlineData("{{ args.count }}", "25")]
    [InlineData("{{args.ratio}}", "0.5")]
    [InlineData("{{args.big}}", "12345678901234567890")]
    [InlineData("{{args.active}}/{{args.off}}", "true/false")]
    [InlineData("{{args.blank}}", "")]
    [InlineData("{{args.owner.id}}", "7")]
    [InlineData("{{args.owner.emails.1}}", "b@x")]
    [InlineData("{{account.subdomain}}", "acme")]
    [InlineData("{{id}}", "contact/42")]
    [InlineData("prefix-{{args.user_id}}-{{args.count}}-suffix", "prefix-u-1-25-suffix")]
    [InlineData("no placeholders", "no placeholders")]
    public void Raw_renders_values_as_text(string template, string expected) =>
        Assert.Equal(expected, Raw(template));

    [Fact]
    public void Previous_run_date_is_utc_iso_8601_with_milliseconds() =>
        Assert.Equal("2024-03-05T12:07:09.042Z", Raw("{{previous_run_date}}"));

    [Fact]
    public void Numbers_built_in_code_render_as_json_numbers()
    {
        var context = Context with { Args = new JsonObject { ["n"] = 1234.5, ["m"] = JsonValue.Create(0.1m), ["i"] = -7L } };
        Assert.Equal("1234.5|0.1|-7", Raw("{{args.n}}|{{args.m}}|{{args.i}}", context));
    }

    [Fact]
    public void Path_values_are_percent_encoded_so_they_stay_in_one_segment()
    {
        var rendered = Placeholder.Render("/users/{{args.slashy}}/notes", Context, PlaceholderSink.PathSegment, "path");

        Assert.Equal("/users/a%2Fb%3Fc%3Dd%26e%23f/notes", rendered);
        Assert.Equal("/contacts/contact%2F42", Placeholder.Render("/contacts/{{id}}", Context, PlaceholderSink.PathSegment, "path"));
        Assert.Equal("/r/eu%20west", Placeholder.Render("/r/{{account.region}}", Context, PlaceholderSink.PathSegment, "path"));
    }

    [Fact]
    public void Path_literals_are_left_as_written() =>
        Assert.Equal("/a b/{x}/u-1", Placeholder.Render("/a b/{x}/{{args.user_id}}", Context, PlaceholderSink.PathSegment, "path"));

    [Theory]
    [InlineData("{{args.blank}}")]
    [InlineData("{{args.dots}}")]
    public void Path_values_that_would_change_the_path_are_refused(string template)
    {
        var ex = Assert.Throws<PlaceholderException>(() => Placeholder.Render("/users/" + template, Context, PlaceholderSink.PathSegment, "path"));
        Assert.Equal(template, ex.Placeholder);
    }

    [Fact]
    public void Query_values_are_encoded_once_whole()
    {
        var rendered = Placeholder.Render("{{args.slashy}} & {{account.region}}", Context, PlaceholderSink.QueryValue, "query.q");

        Assert.Equal("a%2Fb%3Fc%3Dd%26e%23f%20%26%20eu%20west", rendered);
        Assert.Equal("a/b?c=d&e#f & eu west", Uri.UnescapeDataString(rendered));
    }

    [Fact]
    public void Non_ascii_values_are_utf8_percent_encoded() =>
        Assert.Equal("caf%C3%A9", Placeholder.Render("{{args.name}}", Context with { Args = new JsonObject { ["name"] = "café" } }, PlaceholderSink.QueryValue, "q"));

    [Theory]
    [InlineData("{{args.missing}}", "args")]
    [InlineData("{{args.nothing}}", "missing or null")]
    [InlineData("{{args.owner}}", "object")]
    [InlineData("{{args.user_ids}}", "array")]
    [InlineData("{{args.owner.emails.9}}", "missing")]
    [InlineData("{{args.user_id.deeper}}", "missing")]
    [InlineData("{{account.nope}}", "no variable 'nope'")]
    [InlineData("{{resources.crm.contacts.id}}", "no parent")]
    [InlineData("{{secrets.key}}", "names nothing")]
    public void Values_that_resolve_to_nothing_throw_instead_of_rendering_empty(string placeholder, string reason)
    {
        foreach (var sink in Enum.GetValues<PlaceholderSink>())
        {
            var ex = Assert.Throws<PlaceholderException>(() => Placeholder.Render("x={{args.user_id}}&" + placeholder, Context, sink, "query.filter"));

            Assert.Equal(placeholder, ex.Placeholder);
            Assert.Equal("query.filter", ex.Field);
            Assert.Equal(EngineErrorCodes.UnresolvablePlaceholder, ex.Code);
            Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
            Assert.Contains(placeholder, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Missing_previous_run_date_and_id_throw()
    {
        var bare = new PlaceholderContext();
        Assert.Throws<PlaceholderException>(() => Raw("{{previous_run_date}}", bare));
        Assert.Throws<PlaceholderException>(() => Raw("{{id}}", bare));
    }

    [Fact]
    public void Raw_values_with_line_breaks_are_refused()
    {
        var context = Context with { Account = new Dictionary<string, string> { ["tenant"] = "a\r\nX-Evil: 1" } };
        Assert.Throws<PlaceholderException>(() => Raw("{{account.tenant}}", context));
    }

    [Fact]
    public void In_a_loop_unit_the_loop_argument_is_the_current_element()
    {
        var unit = Context.ForLoopItem("user_ids", JsonValue.Create("u-2"));

        Assert.Equal("u-2", Raw("{{args.user_ids}}", unit));
        Assert.Equal("u-1", Raw("{{args.user_id}}", unit));
        Assert.Throws<PlaceholderException>(() => Raw("{{args.user_ids}}", Context));
    }

    [Fact]
    public void Loop_elements_that_are_objects_are_read_by_path()
    {
        var unit = Context.ForLoopItem("users", JsonNode.Parse("""{"id": 3, "org": {"slug": "acme"}}"""));

        Assert.Equal("3@acme", Raw("{{args.users.id}}@{{args.users.org.slug}}", unit));
        Assert.Throws<PlaceholderException>(() => Raw("{{args.users}}", unit));
    }

    [Fact]
    public void A_null_loop_element_throws() =>
        Assert.Throws<PlaceholderException>(() => Raw("{{args.user_ids}}", Context.ForLoopItem("user_ids", null)));

    [Fact]
    public void Parent_records_are_read_with_dots_for_slashes()
    {
        var child = Context
            .WithParent("crm/contacts", JsonNode.Parse("""{"id": 99, "owner": {"email": "o@x"}, "tags": ["vip"]}"""))
            .WithParent("crm", JsonNode.Parse("""{"contacts": {"id": "shadowed"}}"""));

        Assert.Equal("99", Raw("{{resources.crm.contacts.id}}", child));
        Assert.Equal("o@x", Raw("{{resources.crm.contacts.owner.email}}", child));
        Assert.Equal("vip", Raw("{{resources.crm.contacts.tags.0}}", child));
    }

    [Fact]
    public void A_parent_field_that_is_missing_is_a_data_error_not_a_config_error()
    {
        var child = Context.WithParent("crm/contacts", JsonNode.Parse("""{"id": null}"""));

        var missing = Assert.Throws<PlaceholderException>(() => Raw("{{resources.crm.contacts.id}}", child));
        var noParent = Assert.Throws<PlaceholderException>(() => Raw("{{resources.crm.deals.id}}", child));

        Assert.Equal(UpstreamErrorKind.Data, missing.Kind);
        Assert.Equal(UpstreamErrorKind.Config, noParent.Kind);
    }

    [Fact]
    public void A_parent_name_alone_is_not_a_value()
    {
        var child = Context.WithParent("crm/contacts", JsonNode.Parse("""{"id": 1}"""));
        Assert.Throws<PlaceholderException>(() => Raw("{{resources.crm.contacts}}", child));
    }

    [Fact]
    public void Contexts_are_immutable_when_deriving()
    {
        var child = Context.WithParent("crm/contacts", new JsonObject { ["id"] = 1 });
        var unit = Context.ForLoopItem("user_ids", "u-9");

        Assert.Empty(Context.Parents);
        Assert.Null(Context.LoopArgument);
        Assert.Single(child.Parents);
        Assert.Equal("user_ids", unit.LoopArgument);
    }

    [Fact]
    public void Dates_format_in_utc_with_milliseconds() =>
        Assert.Equal("1970-01-01T00:00:00.000Z", PlaceholderContext.FormatDate(DateTimeOffset.UnixEpoch));
}
