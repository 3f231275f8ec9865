using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Integrations;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Upstream.Tests.Support;

namespace SyncFunctions.Upstream.Tests;

public sealed class AuthTests
{
    private const string Token = "bearer-token-7f3a9c";
    private const string ApiKey = "api-key-51d2e8";
    private const string ClientId = "client-id-1";
    private const string ClientSecret = "client-secret-9b4c";

    private static readonly AuthDefinition OAuth = new() { Type = AuthTypes.OAuth2ClientCredentials, TokenUrl = "/oauth/token" };

    private static readonly Dictionary<string, string> OAuthCredentials = new() { ["client_id"] = ClientId, ["client_secret"] = ClientSecret };

    [Theory]
    [InlineData("bearer", "bearer")]
    [InlineData("api_key_header", "api_key")]
    [InlineData("api_key_query", "api_key")]
    [InlineData("basic", "basic")]
    public async Task Each_static_scheme_is_accepted_by_the_upstream(string scheme, string serverScheme)
    {
        await using var harness = await UpstreamHarness.StartAsync(new DemoUpstreamOptions
        {
            Contacts = 5,
            Auth = new UpstreamAuth { BearerToken = Token, ApiKey = ApiKey, BasicUser = "demo-user", BasicPassword = "basic-password-3e7" },
        });
        var (auth, credentials) = scheme switch
        {
            "bearer" => (new AuthDefinition { Type = AuthTypes.Bearer }, new Dictionary<string, string> { ["token"] = Token }),
            "api_key_header" => (new AuthDefinition { Type = AuthTypes.ApiKey }, new Dictionary<string, string> { ["api_key"] = ApiKey }),
            "api_key_query" => (new AuthDefinition { Type = AuthTypes.ApiKey, In = "query" }, new Dictionary<string, string> { ["api_key"] = ApiKey }),
            _ => (new AuthDefinition { Type = AuthTypes.Basic }, new Dictionary<string, string> { ["username"] = "demo-user", ["password"] = "basic-password-3e7" }),
        };

        var response = await harness.GetAsync("/page/contacts", auth, credentials);

        Assert.Equal(200, response.Status);
        var request = Assert.Single(harness.Requests("/page/contacts"));
        Assert.Equal(serverScheme, request.AuthScheme);
        Assert.Equal(scheme == "api_key_query" ? ApiKey : null, request.Query("api_key"));
    }

    [Fact]
    public async Task Without_credentials_the_protected_upstream_refuses()
    {
        await using var harness = await UpstreamHarness.StartAsync(new DemoUpstreamOptions { Contacts = 5, Auth = new UpstreamAuth { BearerToken = Token } });

        var ex = await Assert.ThrowsAnyAsync<SyncEngineException>(() => harness.GetAsync("/page/contacts"));

        Assert.Equal(UpstreamErrorKind.Auth, ex.Kind);
    }

    [Fact]
    public async Task A_missing_credential_fails_before_any_request()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var ex = await Assert.ThrowsAsync<ConfigurationException>(
            () => harness.GetAsync("/page/contacts", new AuthDefinition { Type = AuthTypes.Bearer }, new Dictionary<string, string>()));

        Assert.Equal(EngineErrorCodes.MissingCredential, ex.Code);
        Assert.Empty(harness.Requests("/page/contacts"));
    }

    [Fact]
    public async Task An_oauth_token_is_fetched_once_and_reused_across_calls_including_concurrent_ones()
    {
        await using var harness = await UpstreamHarness.StartAsync(OAuthServer());

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => harness.GetAsync("/page/contacts", OAuth, OAuthCredentials)));
        await harness.GetAsync("/page/contacts", OAuth, OAuthCredentials);
        await harness.GetAsync("/page/users", OAuth, OAuthCredentials);

        Assert.Single(harness.Requests("/oauth/token"));
        var calls = harness.Requests("/page/");
        Assert.Equal(6, calls.Count);
        Assert.All(calls, r => Assert.Equal("oauth", r.AuthScheme));
    }

    [Fact]
    public async Task A_401_with_a_cached_token_fetches_a_fresh_one_and_retries_once()
    {
        await using var harness = await UpstreamHarness.StartAsync(OAuthServer());
        await harness.GetAsync("/page/contacts", OAuth, OAuthCredentials);
        harness.Server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", Times = 1, Fault = Fault.Status(401) });

        var response = await harness.GetAsync("/page/contacts", OAuth, OAuthCredentials);

        Assert.Equal(200, response.Status);
        Assert.Equal(2, harness.Requests("/oauth/token").Count);
        Assert.Equal([200, 401, 200], harness.Requests("/page/contacts").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_token_that_keeps_being_refused_is_refreshed_at_most_once_per_call()
    {
        await using var harness = await UpstreamHarness.StartAsync(OAuthServer());
        harness.Server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Status(401) });

        var fresh = await Assert.ThrowsAnyAsync<SyncEngineException>(() => harness.GetAsync("/page/contacts", OAuth, OAuthCredentials));
        var cached = await Assert.ThrowsAnyAsync<SyncEngineException>(() => harness.GetAsync("/page/contacts", OAuth, OAuthCredentials));

        Assert.Equal(UpstreamErrorKind.Auth, fresh.Kind);
        Assert.Equal(UpstreamErrorKind.Auth, cached.Kind);
        // First call: a fresh token refused, no second try. Second call: the cached token refused, one refresh, refused again.
        Assert.Equal(3, harness.Requests("/page/contacts").Count);
        Assert.Equal(2, harness.Requests("/oauth/token").Count);
    }

    [Fact]
    public async Task A_token_is_refreshed_shortly_before_it_expires_without_a_401()
    {
        await using var harness = await UpstreamHarness.StartAsync(OAuthServer(TimeSpan.FromSeconds(1)));

        await harness.GetAsync("/page/contacts", OAuth, OAuthCredentials);
        await Task.Delay(TimeSpan.FromMilliseconds(950));
        await harness.GetAsync("/page/contacts", OAuth, OAuthCredentials);

        Assert.Equal(2, harness.Requests("/oauth/token").Count);
        Assert.Equal([200, 200], harness.Requests("/page/contacts").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Tokens_are_cached_per_account()
    {
        await using var harness = await UpstreamHarness.StartAsync(OAuthServer());

        await harness.Client.SendAsync(harness.Call("/page/contacts", OAuth, OAuthCredentials, rateLimitKey: "env1/a"), CancellationToken.None);
        await harness.Client.SendAsync(harness.Call("/page/contacts", OAuth, OAuthCredentials, rateLimitKey: "env1/b"), CancellationToken.None);
        await harness.Client.SendAsync(harness.Call("/page/contacts", OAuth, OAuthCredentials, rateLimitKey: "env1/a"), CancellationToken.None);

        Assert.Equal(2, harness.Requests("/oauth/token").Count);
    }

    [Fact]
    public async Task Refused_client_credentials_are_an_auth_error_without_the_secret_in_it()
    {
        await using var harness = await UpstreamHarness.StartAsync(OAuthServer());
        var wrong = new Dictionary<string, string> { ["client_id"] = ClientId, ["client_secret"] = "wrong-secret-5a5a5a" };

        var ex = await Assert.ThrowsAnyAsync<SyncEngineException>(() => harness.GetAsync("/page/contacts", OAuth, wrong));

        Assert.Equal(UpstreamErrorKind.Auth, ex.Kind);
        Assert.Equal(EngineErrorCodes.UpstreamRejectedCredentials, ex.Code);
        Assert.Contains("token endpoint", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-5a5a5a", ex.ToString(), StringComparison.Ordinal);
        Assert.Single(harness.Requests("/oauth/token"));
        Assert.Empty(harness.Requests("/page/contacts"));
    }

    private static DemoUpstreamOptions OAuthServer(TimeSpan? lifetime = null) => new()
    {
        Contacts = 5,
        Auth = new UpstreamAuth { OAuthClientId = ClientId, OAuthClientSecret = ClientSecret, OAuthTokenLifetime = lifetime ?? TimeSpan.FromHours(1) },
    };
}
