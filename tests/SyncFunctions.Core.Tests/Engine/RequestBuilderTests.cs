using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Engine.Placeholders;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Tests.Engine.Fixtures;

namespace SyncFunctions.Core.Tests.Engine;

public sealed class RequestBuilderTests
{
    private static readonly IntegrationDefinition Integration = SampleDefinitions.Integration();

    private static readonly PlaceholderContext Context = new()
    {
        Args = new JsonObject { ["status"] = "open & closed", ["user_ids"] = new JsonArray("u/1", "u 2") },
        Account = new Dictionary<string, string> { ["subdomain"] = "acme", ["tenant"] = "t-1" },
    };

    private static SyncJobResource Entry(string resource, string method, string? id = null, Dictionary<string, string>? query = null) =>
        new() { Resource = resource, Method = method, Id = id, Query = query };

    [Fact]
    public void A_first_list_page_has_base_url_path_default_query_pagination_and_headers()
    {
        var request = RequestBuilder.Build(Integration, "crm/contacts", "list", Entry("crm/contacts", "list"), Context);

        Assert.Equal("GET", request.Method);
        Assert.Equal("https://acme.example.com/api/v2/contacts?sort=id&status=active&page=1&per_page=2", request.Url.AbsoluteUri);
        Assert.Equal("t-1", request.Headers["X-Tenant"]);
        Assert.Equal("application/json", request.Headers["accept"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public void The_job_query_overrides_the_endpoint_default_and_is_encoded_once()
    {
        var entry = Entry("crm/contacts", "list", query: new() { ["status"] = "{{args.status}}", ["q"] = "a+b=c/100%" });

        var request = RequestBuilder.Build(Integration, "crm/contacts", "list", entry, Context);

        Assert.Equal("?sort=id&status=open%20%26%20closed&q=a%2Bb%3Dc%2F100%25&page=1&per_page=2", request.Url.Query);
    }

    [Fact]
    public void An_overridden_default_is_not_rendered_so_its_placeholders_need_no_value()
    {
        var integration = Integration.WithList("crm/contacts", e => e with { Query = new Dictionary<string, string> { ["owner"] = "{{args.owner}}" } });

        Assert.Throws<PlaceholderException>(() => RequestBuilder.Build(integration, "crm/contacts", "list", Entry("crm/contacts", "list"), Context));
        var request = RequestBuilder.Build(integration, "crm/contacts", "list", Entry("crm/contacts", "list", query: new() { ["owner"] = "me" }), Context);
        Assert.Contains("owner=me", request.Url.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void Pagination_parameters_win_over_a_job_query_that_fixes_the_page()
    {
        var entry = Entry("crm/contacts", "list", query: new() { ["page"] = "1", ["per_page"] = "100" });

        var request = RequestBuilder.Build(Integration, "crm/contacts", "list", entry, Context, new PageState { Page = 4, Index = 3 });

        Assert.Contains("page=4&per_page=2", request.Url.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("per_page=100", request.Url.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void The_incremental_parameter_carries_the_previous_run_date()
    {
        var since = new DateTimeOffset(2024, 1, 2, 3, 4, 5, 6, TimeSpan.Zero);

        var request = RequestBuilder.Build(Integration, "crm/contacts", "list", Entry("crm/contacts", "list"), Context, incrementalSince: since);
        var full = RequestBuilder.Build(Integration, "crm/contacts", "list", Entry("crm/contacts", "list"), Context);

        Assert.Contains("updated_since=2024-01-02T03%3A04%3A05.006Z", request.Url.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("updated_since", full.Url.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_renders_the_entry_id_into_the_path_encoded()
    {
        var unit = Context.ForLoopItem("user_ids", JsonValue.Create("u/1?x=#"));

        var request = RequestBuilder.Build(Integration, "users", "get", Entry("users", "get", id: "{{args.user_ids}}"), unit);

        Assert.Equal("https://acme.example.com/api/v2/users/u%2F1%3Fx%3D%23", request.Url.AbsoluteUri);
        Assert.Equal("/api/v2/users/u%2F1%3Fx%3D%23", request.Url.AbsolutePath);
    }

    [Fact]
    public void Get_ignores_list_pagination_even_if_defined()
    {
        var integration = Integration.WithResource("users", r => r with { Get = r.Get! with { Pagination = new PaginationDefinition { Type = PaginationTypes.PageNumber, PageSize = 5 } } });

        var request = RequestBuilder.Build(integration, "users", "get", Entry("users", "get", id: "7"), Context);

        Assert.Equal("", request.Url.Query);
        Assert.IsType<NoPaginator>(RequestBuilder.PaginatorFor(integration, "users", "get"));
    }

    [Fact]
    public void A_child_path_uses_the_parent_record()
    {
        var child = Context.WithParent("crm/contacts", JsonNode.Parse("""{"id": 1234}"""));

        var request = RequestBuilder.Build(Integration, "crm/notes", "list", Entry("crm/notes", "list"), child, new PageState { Cursor = "a b/c", Index = 1 });

        Assert.Equal("https://acme.example.com/api/v2/contacts/1234/notes?cursor=a%20b%2Fc&limit=50", request.Url.AbsoluteUri);
    }

    [Fact]
    public void A_next_url_state_is_requested_verbatim()
    {
        const string next = "https://acme.example.com/api/v2/deals?after=abc%3D&limit=10";
        var state = new PageState { NextUrl = next, Index = 1 };

        var request = RequestBuilder.Build(Integration, "deals", "list", Entry("deals", "list", query: new() { ["stage"] = "won" }), Context, state, incrementalSince: DateTimeOffset.UnixEpoch);

        Assert.Equal("POST", request.Method);
        Assert.Equal(next, request.Url.AbsoluteUri);
        Assert.Equal("t-1", request.Headers["X-Tenant"]);
    }

    [Fact]
    public void Account_variables_cannot_change_the_host()
    {
        var evil = Context with { Account = new Dictionary<string, string> { ["subdomain"] = "evil.com/x?", ["tenant"] = "t" } };

        var ex = Assert.Throws<ConfigurationException>(() => RequestBuilder.Build(Integration, "crm/contacts", "list", Entry("crm/contacts", "list"), evil));

        Assert.Equal(UpstreamErrorKind.Config, ex.Kind);
        Assert.Equal(EngineErrorCodes.InvalidUrl, ex.Code);
    }

    [Fact]
    public void A_missing_account_variable_names_the_placeholder_and_field()
    {
        var bare = Context with { Account = new Dictionary<string, string> { ["tenant"] = "t" } };

        var ex = Assert.Throws<PlaceholderException>(() => RequestBuilder.Build(Integration, "crm/contacts", "list", Entry("crm/contacts", "list"), bare));

        Assert.Equal("{{account.subdomain}}", ex.Placeholder);
        Assert.Equal("base_url", ex.Field);
    }

    [Fact]
    public void A_missing_query_argument_names_the_query_field()
    {
        var entry = Entry("crm/contacts", "list", query: new() { ["owner"] = "{{args.owner}}" });

        var ex = Assert.Throws<PlaceholderException>(() => RequestBuilder.Build(Integration, "crm/contacts", "list", entry, Context));

        Assert.Equal("query.owner", ex.Field);
    }

    [Theory]
    [InlineData("crm/leads", "list")]
    [InlineData("crm/notes", "get")]
    public void Unknown_resources_or_methods_are_configuration_errors(string resource, string method) =>
        Assert.Throws<ConfigurationException>(() => RequestBuilder.Build(Integration, resource, method, Entry(resource, method), Context));

    [Fact]
    public void A_trailing_slash_on_base_url_does_not_double()
    {
        var integration = Integration with { BaseUrl = "https://{{account.subdomain}}.example.com/api/" };

        var request = RequestBuilder.Build(integration, "users", "get", Entry("users", "get", id: "1"), Context);

        Assert.Equal("https://acme.example.com/api/users/1", request.Url.AbsoluteUri);
    }

    [Fact]
    public void The_rendered_base_url_is_available_alone() =>
        Assert.Equal("https://acme.example.com/api/v2", RequestBuilder.BaseUrl(Integration, Context).AbsoluteUri.TrimEnd('/'));

    [Fact]
    public void Each_unit_of_a_loop_gets_its_own_request()
    {
        var urls = new[] { "u-1", "u-2", "u 3" }
            .Select(id => RequestBuilder.Build(Integration, "users", "get", Entry("users", "get", id: "{{args.user_ids}}"), Context.ForLoopItem("user_ids", id)).Url.AbsolutePath)
            .ToList();

        Assert.Equal(["/api/v2/users/u-1", "/api/v2/users/u-2", "/api/v2/users/u%203"], urls);
    }
}
