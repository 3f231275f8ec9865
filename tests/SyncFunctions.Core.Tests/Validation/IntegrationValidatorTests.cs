using SyncFunctions.Core.Engine.Validation;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Tests.Engine.Fixtures;

namespace SyncFunctions.Core.Tests.Validation;

public sealed class IntegrationValidatorTests
{
    private const string Contacts = "crm/contacts";

    [Fact]
    public void The_sample_definition_is_valid() =>
        Assert.Empty(IntegrationValidator.Validate(SampleDefinitions.Integration()));

    [Fact]
    public void Auth_may_be_left_out() =>
        Assert.Empty(IntegrationValidator.Validate(SampleDefinitions.Integration() with { Auth = null }));

    /// <summary>Each case breaks exactly one rule of the sample definition.</summary>
    private static readonly Dictionary<string, (Func<IntegrationDefinition, IntegrationDefinition> Break, string Field, string Code)> Cases = new()
    {
        ["name missing"] = (d => d with { Name = "" }, "name", ValidationCodes.Required),
        ["name upper case"] = (d => d with { Name = "DemoCRM" }, "name", ValidationCodes.Invalid),
        ["name starts with dash"] = (d => d with { Name = "-demo" }, "name", ValidationCodes.Invalid),
        ["name too long"] = (d => d with { Name = new string('a', 65) }, "name", ValidationCodes.Invalid),
        ["name with slash"] = (d => d with { Name = "a/b" }, "name", ValidationCodes.Invalid),
        ["base_url missing"] = (d => d with { BaseUrl = null }, "base_url", ValidationCodes.Required),
        ["base_url relative"] = (d => d with { BaseUrl = "/api" }, "base_url", ValidationCodes.Invalid),
        ["base_url ftp"] = (d => d with { BaseUrl = "ftp://example.com" }, "base_url", ValidationCodes.Invalid),
        ["base_url scheme from placeholder"] = (d => d with { BaseUrl = "{{account.url}}" }, "base_url", ValidationCodes.Invalid),
        ["base_url with userinfo"] = (d => d with { BaseUrl = "https://user:pw@example.com" }, "base_url", ValidationCodes.Invalid),
        ["base_url with query"] = (d => d with { BaseUrl = "https://example.com/api?x=1" }, "base_url", ValidationCodes.Invalid),
        ["base_url unclosed placeholder"] = (d => d with { BaseUrl = "https://{{account.subdomain.example.com" }, "base_url", ValidationCodes.Invalid),
        ["base_url args placeholder"] = (d => d with { BaseUrl = "https://{{args.host}}.example.com" }, "base_url", ValidationCodes.UnresolvablePlaceholder),
        ["base_url bare account"] = (d => d with { BaseUrl = "https://{{account}}.example.com" }, "base_url", ValidationCodes.UnresolvablePlaceholder),
        ["base_url loopback"] = (d => d with { BaseUrl = "http://127.0.0.1:8080/api" }, "base_url", ValidationCodes.ForbiddenHost),
        ["base_url metadata"] = (d => d with { BaseUrl = "http://169.254.169.254/latest" }, "base_url", ValidationCodes.ForbiddenHost),
        ["base_url localhost"] = (d => d with { BaseUrl = "http://localhost/api" }, "base_url", ValidationCodes.ForbiddenHost),
        ["auth type missing"] = (d => d with { Auth = new AuthDefinition() }, "auth.type", ValidationCodes.Required),
        ["auth type unknown"] = (d => d with { Auth = new AuthDefinition { Type = "oauth1" } }, "auth.type", ValidationCodes.Invalid),
        ["api_key in body"] = (d => d with { Auth = new AuthDefinition { Type = AuthTypes.ApiKey, In = "body" } }, "auth.in", ValidationCodes.Invalid),
        ["api_key header name with space"] = (d => d with { Auth = new AuthDefinition { Type = AuthTypes.ApiKey, Name = "X Key" } }, "auth.name", ValidationCodes.Invalid),
        ["oauth without token_url"] = (d => d with { Auth = new AuthDefinition { Type = AuthTypes.OAuth2ClientCredentials } }, "auth.token_url", ValidationCodes.Required),
        ["oauth token_url ftp"] = (d => d with { Auth = new AuthDefinition { Type = AuthTypes.OAuth2ClientCredentials, TokenUrl = "ftp://x/token" } }, "auth.token_url", ValidationCodes.Invalid),
        ["oauth token_url private"] = (d => d with { Auth = new AuthDefinition { Type = AuthTypes.OAuth2ClientCredentials, TokenUrl = "http://10.1.2.3/token" } }, "auth.token_url", ValidationCodes.ForbiddenHost),
        ["header name invalid"] = (d => d with { Headers = new Dictionary<string, string> { ["X Bad"] = "1" } }, "headers.X Bad", ValidationCodes.Invalid),
        ["header value newline"] = (d => d with { Headers = new Dictionary<string, string> { ["X-A"] = "a\r\nX-B: b" } }, "headers.X-A", ValidationCodes.Invalid),
        ["header authorization"] = (d => d with { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer abc" } }, "headers.Authorization", ValidationCodes.Invalid),
        ["header host"] = (d => d with { Headers = new Dictionary<string, string> { ["host"] = "evil" } }, "headers.host", ValidationCodes.Invalid),
        ["header args placeholder"] = (d => d with { Headers = new Dictionary<string, string> { ["X-A"] = "{{args.a}}" } }, "headers.X-A", ValidationCodes.UnresolvablePlaceholder),
        ["rate limit zero"] = (d => d with { RateLimit = new RateLimitDefinition { RequestsPerSecond = 0 } }, "rate_limit.requests_per_second", ValidationCodes.Invalid),
        ["rate limit negative"] = (d => d with { RateLimit = new RateLimitDefinition { RequestsPerSecond = -1 } }, "rate_limit.requests_per_second", ValidationCodes.Invalid),
        ["rate limit NaN"] = (d => d with { RateLimit = new RateLimitDefinition { RequestsPerSecond = double.NaN } }, "rate_limit.requests_per_second", ValidationCodes.Invalid),
        ["rate limit empty"] = (d => d with { RateLimit = new RateLimitDefinition() }, "rate_limit.requests_per_second", ValidationCodes.Required),
        ["no resources"] = (d => d with { Resources = new Dictionary<string, ResourceDefinition>() }, "resources", ValidationCodes.Required),
        ["null resources"] = (d => d with { Resources = null }, "resources", ValidationCodes.Required),
        ["resource name upper case"] = (d => d with { Resources = new Dictionary<string, ResourceDefinition> { ["Contacts"] = d.Resources![Contacts] } }, "resources.Contacts", ValidationCodes.Invalid),
        ["resource name trailing slash"] = (d => d with { Resources = new Dictionary<string, ResourceDefinition> { ["crm/"] = d.Resources![Contacts] } }, "resources.crm/", ValidationCodes.Invalid),
        ["type_name upper case"] = (d => d.WithResource(Contacts, r => r with { TypeName = "Contact" }), "resources.crm/contacts.type_name", ValidationCodes.Invalid),
        ["type_name empty"] = (d => d.WithResource(Contacts, r => r with { TypeName = "" }), "resources.crm/contacts.type_name", ValidationCodes.Invalid),
        ["resource without endpoints"] = (d => d.WithResource(Contacts, r => r with { List = null, Get = null }), "resources.crm/contacts", ValidationCodes.Required),
        ["id_field wildcard"] = (d => d.WithResource(Contacts, r => r with { IdField = "data[*].id" }), "resources.crm/contacts.id_field", ValidationCodes.Invalid),
        ["updated_at_field trailing dot"] = (d => d.WithResource(Contacts, r => r with { UpdatedAtField = "meta." }), "resources.crm/contacts.updated_at_field", ValidationCodes.Invalid),
        ["path missing"] = (d => d.WithList(Contacts, e => e with { Path = null }), "resources.crm/contacts.list.path", ValidationCodes.Required),
        ["path without slash"] = (d => d.WithList(Contacts, e => e with { Path = "contacts" }), "resources.crm/contacts.list.path", ValidationCodes.Invalid),
        ["path protocol relative"] = (d => d.WithList(Contacts, e => e with { Path = "//evil.com/x" }), "resources.crm/contacts.list.path", ValidationCodes.Invalid),
        ["path with query"] = (d => d.WithList(Contacts, e => e with { Path = "/contacts?all=1" }), "resources.crm/contacts.list.path", ValidationCodes.Invalid),
        ["path unknown placeholder"] = (d => d.WithList(Contacts, e => e with { Path = "/contacts/{{user.id}}" }), "resources.crm/contacts.list.path", ValidationCodes.UnresolvablePlaceholder),
        ["path resources without field"] = (d => d.WithList(Contacts, e => e with { Path = "/contacts/{{resources.crm}}" }), "resources.crm/contacts.list.path", ValidationCodes.UnresolvablePlaceholder),
        ["path bad placeholder syntax"] = (d => d.WithList(Contacts, e => e with { Path = "/contacts/{{ args..x }}" }), "resources.crm/contacts.list.path", ValidationCodes.Invalid),
        ["method DELETE"] = (d => d.WithList(Contacts, e => e with { Method = "DELETE" }), "resources.crm/contacts.list.method", ValidationCodes.Invalid),
        ["records_path without $"] = (d => d.WithList(Contacts, e => e with { RecordsPath = "data" }), "resources.crm/contacts.list.records_path", ValidationCodes.Invalid),
        ["records_path wildcard"] = (d => d.WithList(Contacts, e => e with { RecordsPath = "$.data[*]" }), "resources.crm/contacts.list.records_path", ValidationCodes.Invalid),
        ["query placeholder unknown"] = (d => d.WithList(Contacts, e => e with { Query = new Dictionary<string, string> { ["q"] = "{{secret}}" } }), "resources.crm/contacts.list.query.q", ValidationCodes.UnresolvablePlaceholder),
        ["get path missing"] = (d => d.WithResource(Contacts, r => r with { Get = r.Get! with { Path = "" } }), "resources.crm/contacts.get.path", ValidationCodes.Required),
        ["pagination type missing"] = (d => d.WithPagination(Contacts, p => p with { Type = null }), "resources.crm/contacts.list.pagination.type", ValidationCodes.Required),
        ["pagination type unknown"] = (d => d.WithPagination(Contacts, p => p with { Type = "infinite_scroll" }), "resources.crm/contacts.list.pagination.type", ValidationCodes.Invalid),
        ["page_size zero"] = (d => d.WithPagination(Contacts, p => p with { PageSize = 0 }), "resources.crm/contacts.list.pagination.page_size", ValidationCodes.Invalid),
        ["page_size 1001"] = (d => d.WithPagination(Contacts, p => p with { PageSize = 1001 }), "resources.crm/contacts.list.pagination.page_size", ValidationCodes.Invalid),
        ["start_page 2"] = (d => d.WithPagination(Contacts, p => p with { StartPage = 2 }), "resources.crm/contacts.list.pagination.start_page", ValidationCodes.Invalid),
        ["total_path invalid"] = (d => d.WithPagination(Contacts, p => p with { TotalPath = "total" }), "resources.crm/contacts.list.pagination.total_path", ValidationCodes.Invalid),
        ["page_param blank"] = (d => d.WithPagination(Contacts, p => p with { PageParam = " " }), "resources.crm/contacts.list.pagination.page_param", ValidationCodes.Invalid),
        ["cursor without cursor_path"] = (d => d.WithPagination("crm/notes", p => p with { CursorPath = null }), "resources.crm/notes.list.pagination.cursor_path", ValidationCodes.Required),
        ["cursor_path invalid"] = (d => d.WithPagination("crm/notes", p => p with { CursorPath = "$.meta[next" }), "resources.crm/notes.list.pagination.cursor_path", ValidationCodes.Invalid),
        ["next_url without next_url_path"] = (d => d.WithPagination("deals", p => p with { NextUrlPath = null }), "resources.deals.list.pagination.next_url_path", ValidationCodes.Required),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_broken_rule_is_reported_once_on_its_field(string caseName)
    {
        var (breakIt, field, code) = Cases[caseName];

        var errors = IntegrationValidator.Validate(breakIt(SampleDefinitions.Integration()));

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0x")]
    [InlineData("zendesk")]
    [InlineData("hub_spot-2")]
    public void Good_names_pass(string name) =>
        Assert.Empty(IntegrationValidator.Validate(SampleDefinitions.Integration() with { Name = name }));

    [Fact]
    public void A_64_character_name_is_the_longest_allowed() =>
        Assert.Empty(IntegrationValidator.Validate(SampleDefinitions.Integration() with { Name = new string('a', 64) }));

    [Theory]
    [InlineData(AuthTypes.None)]
    [InlineData(AuthTypes.Bearer)]
    [InlineData(AuthTypes.Basic)]
    [InlineData(AuthTypes.ApiKey)]
    public void Auth_types_without_required_members_pass(string type) =>
        Assert.Empty(IntegrationValidator.Validate(SampleDefinitions.Integration() with { Auth = new AuthDefinition { Type = type } }));

    [Theory]
    [InlineData("header", "X-Api-Key")]
    [InlineData("query", "key")]
    [InlineData(null, null)]
    public void Api_key_in_header_or_query_passes(string? where, string? name) =>
        Assert.Empty(IntegrationValidator.Validate(SampleDefinitions.Integration() with { Auth = new AuthDefinition { Type = AuthTypes.ApiKey, In = where, Name = name } }));

    [Theory]
    [InlineData("/oauth/token")]
    [InlineData("https://login.example.com/oauth/token")]
    public void Oauth_token_url_absolute_or_relative_passes(string tokenUrl) =>
        Assert.Empty(IntegrationValidator.Validate(SampleDefinitions.Integration() with { Auth = new AuthDefinition { Type = AuthTypes.OAuth2ClientCredentials, TokenUrl = tokenUrl } }));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Start_page_0_or_1_passes(int start) =>
        Assert.Empty(IntegrationValidator.Validate(SampleDefinitions.Integration().WithPagination(Contacts, p => p with { StartPage = start })));

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void Page_size_bounds_pass(int size) =>
        Assert.Empty(IntegrationValidator.Validate(SampleDefinitions.Integration().WithPagination(Contacts, p => p with { PageSize = size })));

    [Fact]
    public void A_loopback_base_url_passes_when_allow_listed()
    {
        var local = SampleDefinitions.Integration() with { BaseUrl = "http://127.0.0.1:5123/api" };

        Assert.Single(IntegrationValidator.Validate(local));
        Assert.Empty(IntegrationValidator.Validate(local, new HashSet<string> { "127.0.0.1" }));
    }

    [Fact]
    public void A_placeholder_host_is_left_to_the_run_time_check() =>
        Assert.Empty(IntegrationValidator.Validate(SampleDefinitions.Integration() with { BaseUrl = "http://{{account.host}}:8080/api" }));

    [Fact]
    public void Several_problems_are_all_reported_in_rule_order()
    {
        var broken = SampleDefinitions.Integration() with { Name = "", BaseUrl = null, Resources = null };

        var errors = IntegrationValidator.Validate(broken);

        Assert.Equal(["name", "base_url", "resources"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Each_resource_problem_is_reported_under_its_own_resource()
    {
        var broken = SampleDefinitions.Integration()
            .WithList("deals", e => e with { Path = "deals" })
            .WithList("tickets", e => e with { RecordsPath = "$..x" });

        var errors = IntegrationValidator.Validate(broken);

        Assert.Equal(["resources.deals.list.path", "resources.tickets.list.records_path"], errors.Select(e => e.Field).Order());
    }
}
