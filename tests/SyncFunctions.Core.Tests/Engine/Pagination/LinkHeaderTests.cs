using SyncFunctions.Core.Engine.Pagination;

namespace SyncFunctions.Core.Tests.Engine.Pagination;

public sealed class LinkHeaderTests
{
    [Fact]
    public void GitHub_style_header_yields_every_link()
    {
        const string header = "<https://api.github.com/repos?page=2>; rel=\"next\", <https://api.github.com/repos?page=5>; rel=\"last\"";

        var links = LinkHeader.Parse(header);

        Assert.Equal(2, links.Count);
        Assert.Equal("https://api.github.com/repos?page=2", links[0].Target);
        Assert.Equal(["next"], links[0].Relations);
        Assert.Equal(["last"], links[1].Relations);
    }

    [Theory]
    [InlineData("<https://a/2>; rel=\"next\"", "https://a/2")]
    [InlineData("<https://a/2>; rel=next", "https://a/2")]
    [InlineData("<https://a/2>;rel=next", "https://a/2")]
    [InlineData("<https://a/2> ; REL = \"NEXT\"", "https://a/2")]
    [InlineData("<https://a/2>; rel=\"next last\"", "https://a/2")]
    [InlineData("<https://a/2>; rel=\"  last\tnext \"", "https://a/2")]
    [InlineData("<https://a/1>; rel=\"prev\", <https://a/3>; rel=\"next\"", "https://a/3")]
    [InlineData("<https://a/?ids=1,2;3>; rel=\"next\"", "https://a/?ids=1,2;3")]
    [InlineData("<https://a/x>; title=\"a, b; rel=next\", <https://a/y>; rel=\"next\"", "https://a/y")]
    [InlineData("<https://a/x>; title=\"say \\\"next\\\"\"; rel=\"next\"", "https://a/x")]
    [InlineData("</items?page=2>; rel=\"next\"", "/items?page=2")]
    [InlineData("<https://a/1>; rel=\"next\"; rel=\"prev\"", "https://a/1")]
    [InlineData("<https://a/1>; rel=\"prev\"; rel=\"next\"", null)]
    [InlineData("garbage, <https://a/2>; rel=\"next\"", "https://a/2")]
    [InlineData("<https://a/2>; rel=\"nextpage\"", null)]
    [InlineData("<https://a/2>; rel=\"prev\"", null)]
    [InlineData("<https://a/2>", null)]
    [InlineData("", null)]
    [InlineData("<https://a/2; rel=\"next\"", null)]
    [InlineData("<https://a/2>; rel=\"next", null)]
    [InlineData(",,, ,", null)]
    public void The_next_target_is_found_or_not(string header, string? expected) =>
        Assert.Equal(expected, LinkHeader.FindTarget([header], "next"));

    [Fact]
    public void Links_may_be_spread_over_several_headers() =>
        Assert.Equal("https://a/3", LinkHeader.FindTarget(["<https://a/1>; rel=\"first\"", "<https://a/3>; rel=\"next\""], "next"));

    [Fact]
    public void Parameters_are_kept_with_unquoted_values_and_escapes_removed()
    {
        var link = Assert.Single(LinkHeader.Parse("<https://a/>; rel=\"next\"; title=\"a \\\"b\\\"\"; type=text/html; hreflang=en"));

        Assert.Equal("a \"b\"", link.Parameters["title"]);
        Assert.Equal("text/html", link.Parameters["type"]);
        Assert.Equal("en", link.Parameters["HREFLANG"]);
    }
}
