using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Auth;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Tests.Engine.Auth;

public sealed class OAuthClientCredentialsTests
{
    private static readonly Uri BaseUrl = new("https://acme.example.com/api/v2");
    private static readonly Dictionary<string, string> Credentials = new() { ["client_id"] = "cid", ["client_secret"] = "secret" };

    [Fact]
    public void A_relative_token_url_resolves_under_the_base_url()
    {
        var request = OAuthClientCredentials.TokenRequest(new AuthDefinition { Type = AuthTypes.OAuth2ClientCredentials, TokenUrl = "/oauth/token", Scope = "read write" }, BaseUrl, Credentials);

        Assert.Equal("https://acme.example.com/api/v2/oauth/token", request.Url.AbsoluteUri);
        Assert.Equal("client_credentials", request.Form["grant_type"]);
        Assert.Equal("cid", request.Form["client_id"]);
        Assert.Equal("secret", request.Form["client_secret"]);
        Assert.Equal("read write", request.Form["scope"]);
    }

    [Fact]
    public void An_absolute_token_url_is_used_as_is_and_scope_is_optional()
    {
        var request = OAuthClientCredentials.TokenRequest(new AuthDefinition { TokenUrl = "https://login.example.com/token" }, BaseUrl, Credentials);

        Assert.Equal("https://login.example.com/token", request.Url.AbsoluteUri);
        Assert.False(request.Form.ContainsKey("scope"));
    }

    [Theory]
    [InlineData("client_id")]
    [InlineData("client_secret")]
    public void Missing_client_credentials_are_auth_errors(string missing)
    {
        var ex = Assert.Throws<ConfigurationException>(() =>
            OAuthClientCredentials.TokenRequest(new AuthDefinition { TokenUrl = "/t" }, BaseUrl, Credentials.Where(c => c.Key != missing).ToDictionary()));

        Assert.Equal(UpstreamErrorKind.Auth, ex.Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ftp://x/token")]
    public void A_missing_or_bad_token_url_is_a_config_error(string? tokenUrl) =>
        Assert.Equal(UpstreamErrorKind.Config, Assert.Throws<ConfigurationException>(() =>
            OAuthClientCredentials.TokenRequest(new AuthDefinition { TokenUrl = tokenUrl }, BaseUrl, Credentials)).Kind);

    [Fact]
    public void Token_responses_give_the_token_and_lifetime()
    {
        var token = OAuthClientCredentials.ParseTokenResponse(JsonNode.Parse("""{"access_token":"abc","token_type":"Bearer","expires_in":3600}"""));

        Assert.Equal("abc", token.AccessToken);
        Assert.Equal(TimeSpan.FromHours(1), token.ExpiresIn);
        Assert.Null(OAuthClientCredentials.ParseTokenResponse(JsonNode.Parse("""{"access_token":"abc"}""")).ExpiresIn);
    }

    [Theory]
    [InlineData("""{"error":"invalid_client"}""")]
    [InlineData("""{"access_token":""}""")]
    [InlineData("""{"access_token":42}""")]
    [InlineData("[]")]
    public void A_token_response_without_a_token_is_an_auth_error(string body) =>
        Assert.Equal(UpstreamErrorKind.Auth, Assert.Throws<ConfigurationException>(() => OAuthClientCredentials.ParseTokenResponse(JsonNode.Parse(body))).Kind);
}
