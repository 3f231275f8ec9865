using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Tests.Engine.Pagination;

public sealed class PaginatorWalkTests
{
    private static FakeListing PageNumberServer(int total, int startPage = 1, bool withTotal = true)
    {
        var server = new FakeListing(total);
        server.Respond = url =>
        {
            var q = FakeListing.Query(url);
            var size = FakeListing.Int(q, "per_page", server.DefaultPageSize);
            var ids = server.Slice((FakeListing.Int(q, "page", startPage) - startPage) * size, size);
            var body = new JsonObject { ["data"] = FakeListing.Records(ids) };
            if (withTotal)
            {
                body["total"] = total;
            }
            return (ids, body, FakeListing.NoHeaders());
        };
        return server;
    }

    [Fact]
    public void Page_number_walks_until_a_short_page()
    {
        var server = PageNumberServer(23);
        var paginator = Paginators.For(new PaginationDefinition { Type = PaginationTypes.PageNumber, PageSize = 10 });

        var (ids, states) = server.Walk(paginator);

        Assert.Equal(Enumerable.Range(1, 23), ids);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal("?filter=open&page=3&per_page=10", server.Requests[2].Query);
        Assert.Equal([0, 1, 2, 3], states.Select(s => s.Index));
        Assert.True(states[^1].Done);
    }

    [Fact]
    public void Page_number_with_an_exact_multiple_needs_an_empty_page_without_a_total()
    {
        var server = PageNumberServer(20, withTotal: false);

        var (ids, _) = server.Walk(Paginators.For(new PaginationDefinition { Type = PaginationTypes.PageNumber, PageSize = 10 }));

        Assert.Equal(Enumerable.Range(1, 20), ids);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public void Page_number_with_total_path_stops_without_the_empty_page()
    {
        var server = PageNumberServer(20);

        var (ids, _) = server.Walk(Paginators.For(new PaginationDefinition { Type = PaginationTypes.PageNumber, PageSize = 10, TotalPath = "$.total" }));

        Assert.Equal(Enumerable.Range(1, 20), ids);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public void Page_number_honours_custom_parameters_and_a_zero_start_page()
    {
        var server = new FakeListing(7);
        server.Respond = url =>
        {
            var q = FakeListing.Query(url);
            var ids = server.Slice(FakeListing.Int(q, "p", -1) * FakeListing.Int(q, "size", -1), FakeListing.Int(q, "size", -1));
            return (ids, new JsonObject { ["data"] = FakeListing.Records(ids), ["count"] = "7" }, FakeListing.NoHeaders());
        };
        var definition = new PaginationDefinition { Type = PaginationTypes.PageNumber, PageParam = "p", PageSizeParam = "size", PageSize = 3, StartPage = 0, TotalPath = "$.count" };

        var (ids, states) = server.Walk(Paginators.For(definition));

        Assert.Equal(Enumerable.Range(1, 7), ids);
        Assert.Equal([0L, 1L, 2L], states.Take(3).Select(s => s.Page!.Value));
    }

    [Fact]
    public void Page_number_without_a_page_size_stops_on_the_first_empty_page()
    {
        var server = PageNumberServer(25);

        var (ids, _) = server.Walk(Paginators.For(new PaginationDefinition { Type = PaginationTypes.PageNumber }));

        Assert.Equal(Enumerable.Range(1, 25), ids);
        Assert.Equal(4, server.Requests.Count); // 10, 10, 5, 0: without a page size a short page proves nothing
        Assert.DoesNotContain("per_page", server.Requests[0].Query, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_listing_is_one_request() =>
        Assert.Single(WalkedRequests(PageNumberServer(0), new PaginationDefinition { Type = PaginationTypes.PageNumber, PageSize = 10 }));

    private static List<Uri> WalkedRequests(FakeListing server, PaginationDefinition definition)
    {
        server.Walk(Paginators.For(definition));
        return server.Requests;
    }

    private static FakeListing OffsetServer(int total, bool withTotal)
    {
        var server = new FakeListing(total);
        server.Respond = url =>
        {
            var q = FakeListing.Query(url);
            var ids = server.Slice(FakeListing.Int(q, "offset", 0), FakeListing.Int(q, "limit", server.DefaultPageSize));
            var body = new JsonObject { ["items"] = FakeListing.Records(ids) };
            if (withTotal)
            {
                body["meta"] = new JsonObject { ["total"] = total };
            }
            return (ids, body, FakeListing.NoHeaders());
        };
        return server;
    }

    [Theory]
    [InlineData(23, false, 3)]
    [InlineData(20, false, 3)]
    [InlineData(20, true, 2)]
    [InlineData(1, true, 1)]
    [InlineData(0, false, 1)]
    public void Offset_walks_to_the_end(int total, bool withTotal, int expectedRequests)
    {
        var server = OffsetServer(total, withTotal);
        var definition = new PaginationDefinition { Type = PaginationTypes.Offset, PageSize = 10, TotalPath = "$.meta.total" };

        var (ids, states) = server.Walk(Paginators.For(definition));

        Assert.Equal(Enumerable.Range(1, total), ids);
        Assert.Equal(expectedRequests, server.Requests.Count);
        Assert.Equal(Enumerable.Range(0, expectedRequests).Select(i => (long?)(i * 10)), states.SkipLast(1).Select(s => s.Offset));
    }

    [Fact]
    public void Offset_without_a_page_size_advances_by_what_arrived()
    {
        var server = OffsetServer(25, withTotal: true);

        var (ids, states) = server.Walk(Paginators.For(new PaginationDefinition { Type = PaginationTypes.Offset, TotalPath = "$.meta.total" }));

        Assert.Equal(Enumerable.Range(1, 25), ids);
        Assert.Equal([0L, 10L, 20L], states.SkipLast(1).Select(s => s.Offset!.Value));
    }

    private static FakeListing CursorServer(int total, Func<int?, JsonNode?>? cursorFor = null)
    {
        var server = new FakeListing(total);
        server.Respond = url =>
        {
            var q = FakeListing.Query(url);
            var after = q.TryGetValue("cursor", out var c) ? int.Parse(c[6..], System.Globalization.CultureInfo.InvariantCulture) : 0;
            var ids = server.Slice(after, FakeListing.Int(q, "limit", server.DefaultPageSize));
            int? last = ids.Count > 0 && ids[^1] < total ? ids[^1] : null;
            var next = cursorFor is null ? (last is { } l ? JsonValue.Create($"after:{l}") : null) : cursorFor(last);
            return (ids, new JsonObject { ["results"] = FakeListing.Records(ids), ["meta"] = new JsonObject { ["next"] = next } }, FakeListing.NoHeaders());
        };
        return server;
    }

    private static readonly PaginationDefinition Cursor = new() { Type = PaginationTypes.Cursor, CursorPath = "$.meta.next", PageSize = 10 };

    [Fact]
    public void Cursor_walks_until_the_cursor_is_null()
    {
        var server = CursorServer(23);

        var (ids, states) = server.Walk(Paginators.For(Cursor));

        Assert.Equal(Enumerable.Range(1, 23), ids);
        Assert.Equal(3, server.Requests.Count);
        Assert.Null(states[0].Cursor);
        Assert.Equal("?filter=open&limit=10", server.Requests[0].Query);
        Assert.Equal("?filter=open&cursor=after%3A10&limit=10", server.Requests[1].Query);
    }

    [Fact]
    public void Cursor_stops_on_an_empty_string() =>
        Assert.Equal(3, WalkedRequests(CursorServer(23, last => last is { } l ? JsonValue.Create($"after:{l}") : JsonValue.Create("")), Cursor).Count);

    [Fact]
    public void Cursor_stops_when_the_cursor_is_missing()
    {
        var server = new FakeListing(5);
        server.Respond = _ => ([1, 2], new JsonObject { ["results"] = FakeListing.Records([1, 2]) }, FakeListing.NoHeaders());

        Assert.Single(WalkedRequests(server, Cursor));
    }

    [Fact]
    public void Cursor_stops_when_the_same_cursor_comes_back()
    {
        var server = CursorServer(50, _ => JsonValue.Create("after:10"));

        var (ids, _) = server.Walk(Paginators.For(Cursor));

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(Enumerable.Range(1, 20), ids);
    }

    [Fact]
    public void Numeric_cursors_are_sent_as_text()
    {
        var paginator = Paginators.For(Cursor with { CursorPath = "$.next" });
        var next = paginator.Next(paginator.Start(), new UpstreamPage(FakeListing.Endpoint, JsonNode.Parse("""{"next": 1700000000123}"""), 10));

        Assert.Equal("1700000000123", next.Cursor);
    }

    [Fact]
    public void A_cursor_that_is_an_object_means_the_path_is_wrong()
    {
        var paginator = Paginators.For(Cursor with { CursorPath = "$.meta" });
        var ex = Assert.Throws<UpstreamDataException>(() =>
            paginator.Next(paginator.Start(), new UpstreamPage(FakeListing.Endpoint, JsonNode.Parse("""{"meta": {"next": "x"}}"""), 10)));

        Assert.Equal(UpstreamErrorKind.Data, ex.Kind);
    }

    private static FakeListing NextUrlServer(int total, Func<int, string>? linkFor = null)
    {
        var server = new FakeListing(total);
        server.Respond = url =>
        {
            var q = FakeListing.Query(url);
            var size = FakeListing.Int(q, "limit", server.DefaultPageSize);
            var ids = server.Slice(FakeListing.Int(q, "after", 0), size);
            var next = ids.Count == size && ids[^1] < total
                ? (linkFor ?? (last => $"https://api.example.com/v1/items?limit={size}&after={last}"))(ids[^1])
                : null;
            return (ids, new JsonObject { ["records"] = FakeListing.Records(ids), ["links"] = new JsonObject { ["next"] = next } }, FakeListing.NoHeaders());
        };
        return server;
    }

    private static readonly PaginationDefinition NextUrl = new() { Type = PaginationTypes.NextUrl, NextUrlPath = "$.links.next", PageSize = 10 };

    [Fact]
    public void Next_url_follows_the_link_verbatim()
    {
        var server = NextUrlServer(23);

        var (ids, states) = server.Walk(Paginators.For(NextUrl));

        Assert.Equal(Enumerable.Range(1, 23), ids);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal("https://api.example.com/v1/items?filter=open&limit=10", server.Requests[0].AbsoluteUri);
        // The endpoint's own query (filter=open) is not re-added: the link is the whole request.
        Assert.Equal("https://api.example.com/v1/items?limit=10&after=10", server.Requests[1].AbsoluteUri);
        Assert.Equal(server.Requests[1].AbsoluteUri, states[1].NextUrl);
    }

    [Fact]
    public void Relative_next_urls_resolve_against_the_request()
    {
        var server = NextUrlServer(15, last => $"/v1/items?limit=10&after={last}");

        var (ids, _) = server.Walk(Paginators.For(NextUrl));

        Assert.Equal(Enumerable.Range(1, 15), ids);
        Assert.Equal("https://api.example.com/v1/items?limit=10&after=10", server.Requests[1].AbsoluteUri);
    }

    [Fact]
    public void A_next_url_on_another_origin_is_refused()
    {
        var server = NextUrlServer(30, last => $"https://evil.example.net/v1/items?after={last}");

        var ex = Assert.Throws<UpstreamDataException>(() => server.Walk(Paginators.For(NextUrl)));

        Assert.Equal(EngineErrorCodes.InvalidNextUrl, ex.Code);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("http://api.example.com/v1/items?after=1")]
    [InlineData("https://api.example.com:8443/v1/items")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://user:pw@api.example.com/v1/items")]
    public void Next_urls_that_change_scheme_port_or_carry_credentials_are_refused(string link)
    {
        var paginator = Paginators.For(NextUrl);
        var page = new UpstreamPage(FakeListing.Endpoint, new JsonObject { ["links"] = new JsonObject { ["next"] = link } }, 10);

        Assert.Throws<UpstreamDataException>(() => paginator.Next(paginator.Start(), page));
    }

    [Fact]
    public void A_next_url_pointing_at_the_same_page_stops()
    {
        var server = NextUrlServer(30, _ => "https://api.example.com/v1/items?filter=open&limit=10");

        server.Walk(Paginators.For(NextUrl));

        Assert.Single(server.Requests);
    }

    private static FakeListing LinkServer(int total, bool relative = false)
    {
        var server = new FakeListing(total);
        server.Respond = url =>
        {
            var q = FakeListing.Query(url);
            var page = FakeListing.Int(q, "page", 1);
            var size = FakeListing.Int(q, "per_page", server.DefaultPageSize);
            var ids = server.Slice((page - 1) * size, size);
            var prefix = relative ? "/v1/items" : "https://api.example.com/v1/items";
            var links = new List<string> { $"<{prefix}?page=1&per_page={size}>; rel=\"first\"" };
            if (page > 1)
            {
                links.Add($"<{prefix}?page={page - 1}&per_page={size}>; rel=\"prev\"");
            }
            if (page * size < total)
            {
                links.Add($"<{prefix}?page={page + 1}&per_page={size}>; rel=\"next\"");
            }
            var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["link"] = [string.Join(", ", links)] };
            return (ids, FakeListing.Records(ids), headers);
        };
        return server;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Link_header_walks_rel_next_to_the_end(bool relative)
    {
        var server = LinkServer(42, relative);

        var (ids, _) = server.Walk(Paginators.For(new PaginationDefinition { Type = PaginationTypes.LinkHeader, PageSize = 20 }));

        Assert.Equal(Enumerable.Range(1, 42), ids);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal("https://api.example.com/v1/items?filter=open&per_page=20", server.Requests[0].AbsoluteUri);
        Assert.Equal("https://api.example.com/v1/items?page=3&per_page=20", server.Requests[2].AbsoluteUri);
    }

    [Fact]
    public void No_pagination_is_a_single_request()
    {
        var server = PageNumberServer(50);

        var (_, states) = server.Walk(Paginators.For(null));

        Assert.Single(server.Requests);
        Assert.Equal("?filter=open", server.Requests[0].Query);
        Assert.Equal(1, states[^1].Index);
        Assert.Same(NoPaginator.Instance, Paginators.For(new PaginationDefinition { Type = PaginationTypes.None }));
    }

    [Fact]
    public void A_done_state_cannot_be_applied()
    {
        var paginator = Paginators.For(Cursor);
        var done = PageState.After(paginator.Start());

        Assert.Throws<InvalidOperationException>(() => paginator.Apply(done, new UpstreamRequestBuilder("GET", FakeListing.Endpoint)));
    }

    [Theory]
    [InlineData("infinite", "pagination.type")]
    [InlineData(PaginationTypes.Cursor, "pagination.cursor_path")]
    [InlineData(PaginationTypes.NextUrl, "pagination.next_url_path")]
    public void Unusable_definitions_are_configuration_errors(string type, string field)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Paginators.For(new PaginationDefinition { Type = type }));
        Assert.Equal(field, ex.Field);
        Assert.Equal(UpstreamErrorKind.Config, ex.Kind);
    }

    [Fact]
    public void A_malformed_path_is_a_configuration_error() =>
        Assert.Throws<ConfigurationException>(() => Paginators.For(Cursor with { CursorPath = "next" }));
}
