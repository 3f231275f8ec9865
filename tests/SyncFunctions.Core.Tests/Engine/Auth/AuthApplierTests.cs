using System.Text;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Auth;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Tests.Engine.Auth;

public sealed class AuthApplierTests
{
    private static readonly Dictionary<string, string> Credentials = new()
    {
        ["token"] = "tok-123",
        ["api_key"] = "key/with+chars=",
        ["username"] = "ada",
        ["password"] = "p:ss wörd",
        ["access_token"] = "oauth-abc",
    };

    private static readonly UpstreamRequest Request = new("GET", new Uri("https://api.example.com/v1/items?page=2&q=a%20b"),
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Tenant"] = "t-1" });

    [Fact]
    public void No_auth_adds_nothing()
    {
        Assert.Same(AuthAdditions.None, AuthApplier.For(null, Credentials));
        Assert.Same(AuthAdditions.None, AuthApplier.For(new AuthDefinition { Type = AuthTypes.None }, new Dictionary<string, string>()));
    }

    [Fact]
    public void Bearer_sends_the_token() =>
        Assert.Equal("Bearer tok-123", AuthApplier.For(new AuthDefinition { Type = AuthTypes.Bearer }, Credentials).Headers["Authorization"]);

    [Fact]
    public void OAuth_sends_the_current_access_token() =>
        Assert.Equal("Bearer oauth-abc", AuthApplier.For(new AuthDefinition { Type = AuthTypes.OAuth2ClientCredentials, TokenUrl = "/t" }, Credentials).Headers["authorization"]);

    [Fact]
    public void Basic_encodes_username_and_password_as_utf8()
    {
        var header = AuthApplier.For(new AuthDefinition { Type = AuthTypes.Basic }, Credentials).Headers["Authorization"];

        Assert.StartsWith("Basic ", header, StringComparison.Ordinal);
        Assert.Equal("ada:p:ss wörd", Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])));
    }

    [Fact]
    public void Basic_allows_an_empty_password()
    {
        var header = AuthApplier.For(new AuthDefinition { Type = AuthTypes.Basic }, new Dictionary<string, string> { ["username"] = "sk_live" }).Headers["Authorization"];

        Assert.Equal("sk_live:", Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])));
    }

    [Theory]
    [InlineData(null, null, "X-API-Key")]
    [InlineData("header", null, "X-API-Key")]
    [InlineData("header", "Api-Token", "Api-Token")]
    public void Api_key_in_a_header(string? where, string? name, string expectedHeader)
    {
        var additions = AuthApplier.For(new AuthDefinition { Type = AuthTypes.ApiKey, In = where, Name = name }, Credentials);

        Assert.Equal("key/with+chars=", additions.Headers[expectedHeader]);
        Assert.Empty(additions.Query);
    }

    [Theory]
    [InlineData(null, "api_key")]
    [InlineData("key", "key")]
    public void Api_key_in_the_query(string? name, string expectedParam)
    {
        var additions = AuthApplier.For(new AuthDefinition { Type = AuthTypes.ApiKey, In = "query", Name = name }, Credentials);

        Assert.Equal("key/with+chars=", additions.Query[expectedParam]);
        Assert.Empty(additions.Headers);
    }

    [Fact]
    public void Applying_a_query_key_encodes_it_once_and_keeps_the_existing_query()
    {
        var applied = AuthApplier.Apply(Request, new AuthDefinition { Type = AuthTypes.ApiKey, In = "query" }, Credentials);

        Assert.Equal("https://api.example.com/v1/items?page=2&q=a%20b&api_key=key%2Fwith%2Bchars%3D", applied.Url.AbsoluteUri);
        Assert.Equal("t-1", applied.Headers["X-Tenant"]);
    }

    [Fact]
    public void Applying_a_query_key_replaces_one_already_in_a_next_url()
    {
        var request = Request with { Url = new Uri("https://api.example.com/v1/items?api_key=stale&after=5") };

        var applied = AuthApplier.Apply(request, new AuthDefinition { Type = AuthTypes.ApiKey, In = "query" }, Credentials);

        Assert.Equal("?after=5&api_key=key%2Fwith%2Bchars%3D", applied.Url.Query);
    }

    [Fact]
    public void Applying_a_header_leaves_the_original_request_untouched()
    {
        var applied = AuthApplier.Apply(Request, new AuthDefinition { Type = AuthTypes.Bearer }, Credentials);

        Assert.Equal("Bearer tok-123", applied.Headers["Authorization"]);
        Assert.False(Request.Headers.ContainsKey("Authorization"));
        Assert.Equal(Request.Url, applied.Url);
    }

    [Theory]
    [InlineData(AuthTypes.Bearer, "token")]
    [InlineData(AuthTypes.ApiKey, "api_key")]
    [InlineData(AuthTypes.Basic, "username")]
    [InlineData(AuthTypes.OAuth2ClientCredentials, "access_token")]
    public void A_missing_credential_is_an_auth_error_naming_it(string type, string credential)
    {
        var without = Credentials.Where(c => c.Key != credential).ToDictionary();

        var ex = Assert.Throws<ConfigurationException>(() => AuthApplier.For(new AuthDefinition { Type = type }, without));

        Assert.Equal(UpstreamErrorKind.Auth, ex.Kind);
        Assert.Equal(EngineErrorCodes.MissingCredential, ex.Code);
        Assert.Equal($"credentials.{credential}", ex.Field);
        Assert.Contains(credential, ex.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigurationException>(() => AuthApplier.For(new AuthDefinition { Type = type }, new Dictionary<string, string>(without) { [credential] = "" }));
    }

    [Fact]
    public void Credentials_with_line_breaks_are_refused() =>
        Assert.Throws<ConfigurationException>(() => AuthApplier.For(new AuthDefinition { Type = AuthTypes.Bearer }, new Dictionary<string, string> { ["token"] = "a\r\nX-Evil: 1" }));

    [Fact]
    public void A_basic_username_with_a_colon_is_refused() =>
        Assert.Throws<ConfigurationException>(() => AuthApplier.For(new AuthDefinition { Type = AuthTypes.Basic }, new Dictionary<string, string> { ["username"] = "a:b" }));

    [Theory]
    [InlineData("oauth1", null, "auth.type")]
    [InlineData(AuthTypes.ApiKey, "cookie", "auth.in")]
    public void Unsupported_definitions_are_config_errors(string type, string? where, string field)
    {
        var ex = Assert.Throws<ConfigurationException>(() => AuthApplier.For(new AuthDefinition { Type = type, In = where }, Credentials));

        Assert.Equal(UpstreamErrorKind.Config, ex.Kind);
        Assert.Equal(field, ex.Field);
    }
}
