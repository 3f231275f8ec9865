using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Integrations;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Upstream.Tests.Support;

namespace SyncFunctions.Upstream.Tests;

public sealed class SecretTests
{
    private const string Token = "secret-bearer-token-c0ffee";
    private const string ApiKey = "secret-api-key-deadbeef";

    private static readonly AuthDefinition QueryKey = new() { Type = AuthTypes.ApiKey, In = "query" };
    private static readonly Dictionary<string, string> KeyCredentials = new() { ["api_key"] = ApiKey };

    [Fact]
    public async Task A_refused_bearer_token_is_not_in_the_exception()
    {
        await using var harness = await UpstreamHarness.StartAsync(new DemoUpstreamOptions { Contacts = 5, Auth = new UpstreamAuth { BearerToken = "another-token-000000" } });

        var ex = await Assert.ThrowsAnyAsync<SyncEngineException>(() =>
            harness.GetAsync("/page/contacts", new AuthDefinition { Type = AuthTypes.Bearer }, new Dictionary<string, string> { ["token"] = Token }));

        Assert.Equal(UpstreamErrorKind.Auth, ex.Kind);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Logs.Messages, m => m.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_api_key_in_the_query_is_masked_in_exceptions_after_retries()
    {
        await using var harness = await UpstreamHarness.StartAsync(new DemoUpstreamOptions { Contacts = 5, Auth = new UpstreamAuth { ApiKey = ApiKey } });
        harness.Server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", UntilCleared = true, Fault = Fault.Status(503) });

        var ex = await Assert.ThrowsAsync<UpstreamUnavailableException>(() => harness.GetAsync("/page/contacts?per_page=2", QueryKey, KeyCredentials));

        Assert.Equal(ApiKey, harness.Requests("/page/contacts")[0].Query("api_key"));
        Assert.DoesNotContain(ApiKey, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("api_key=REDACTED", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Logs.Messages, m => m.Contains(ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_api_key_in_the_query_is_masked_in_connection_failures()
    {
        var client = UpstreamHarness.ClientFor(UpstreamHarness.FastOptions with { MaxRetryAttempts = 1 }, out var services);
        await using var _ = services;
        var url = new Uri("http://127.0.0.1:9/contacts");
        var call = new UpstreamCall(new UpstreamRequest("GET", url, new Dictionary<string, string>()),
            new UpstreamAuthContext(QueryKey, KeyCredentials, url, "k"), "k", null);

        var ex = await Assert.ThrowsAsync<UpstreamUnavailableException>(() => client.SendAsync(call, CancellationToken.None));

        Assert.DoesNotContain(ApiKey, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_key_the_upstream_echoes_in_links_and_bodies_does_not_come_back_to_the_engine()
    {
        await using var harness = await UpstreamHarness.StartAsync(new DemoUpstreamOptions { Contacts = 30, Auth = new UpstreamAuth { ApiKey = ApiKey } });

        var linked = await harness.GetAsync("/link/contacts?per_page=5", QueryKey, KeyCredentials);
        var nextUrl = await harness.GetAsync("/next/contacts?limit=5", QueryKey, KeyCredentials);

        Assert.Equal(ApiKey, harness.Requests("/link/contacts")[0].Query("api_key"));
        Assert.Contains("rel=\"next\"", linked.Headers["Link"], StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, linked.Headers["Link"], StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, linked.FinalUrl.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(harness.Server.Url("/link/contacts?per_page=5"), linked.FinalUrl);
        var next = nextUrl.Body!["next"]!.GetValue<string>();
        Assert.Contains("after=", next, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, next, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, string.Join("\n", linked.Headers.Values), StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Logs.Messages, m => m.Contains(ApiKey, StringComparison.Ordinal));
        Assert.Contains(harness.Logs.Messages, m => m.Contains("api_key=REDACTED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_masked_next_link_still_works_because_auth_is_applied_afresh()
    {
        await using var harness = await UpstreamHarness.StartAsync(new DemoUpstreamOptions { Contacts = 30, Auth = new UpstreamAuth { ApiKey = ApiKey } });
        var first = await harness.GetAsync("/next/contacts?limit=5", QueryKey, KeyCredentials);

        var second = await harness.Client.SendAsync(
            harness.Call(new Uri(first.Body!["next"]!.GetValue<string>()), QueryKey, KeyCredentials), CancellationToken.None);

        Assert.Equal(200, second.Status);
        Assert.All(harness.Requests("/next/contacts"), r => Assert.Equal("api_key", r.AuthScheme));
    }

    [Fact]
    public async Task OAuth_secrets_and_tokens_stay_out_of_the_logs()
    {
        await using var harness = await UpstreamHarness.StartAsync(new DemoUpstreamOptions
        {
            Contacts = 5,
            Auth = new UpstreamAuth { OAuthClientId = "oauth-client", OAuthClientSecret = "oauth-client-secret-77" },
        });
        var auth = new AuthDefinition { Type = AuthTypes.OAuth2ClientCredentials, TokenUrl = "/oauth/token" };

        await harness.GetAsync("/page/contacts", auth, new Dictionary<string, string> { ["client_id"] = "oauth-client", ["client_secret"] = "oauth-client-secret-77" });

        Assert.NotEmpty(harness.Logs.Lines);
        Assert.DoesNotContain(harness.Logs.Messages, m => m.Contains("oauth-client-secret-77", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs.Messages, m => m.Contains("demo_", StringComparison.Ordinal));
    }

    [Fact]
    public void The_auth_context_does_not_print_its_credentials()
    {
        var context = new UpstreamAuthContext(new AuthDefinition { Type = AuthTypes.Bearer }, new Dictionary<string, string> { ["token"] = Token }, new Uri("https://api.example.com/"), "env/acct");

        Assert.DoesNotContain(Token, context.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, new UpstreamCall(new UpstreamRequest("GET", new Uri("https://api.example.com/"), new Dictionary<string, string>()), context, "k", null).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://x.test/a?access_token=abc&page=2", "https://x.test/a?access_token=REDACTED&page=2")]
    [InlineData("https://x.test/a?client_secret=s3&q=1", "https://x.test/a?client_secret=REDACTED&q=1")]
    [InlineData("https://x.test/a?apiKey=1&Password=2&cursor=3", "https://x.test/a?apiKey=REDACTED&Password=REDACTED&cursor=3")]
    [InlineData("https://x.test/a?key", "https://x.test/a?key")]
    public void Secret_looking_query_parameters_are_masked_in_what_is_logged(string url, string expected)
    {
        Assert.Equal(expected, SecretRedactor.None.Url(new Uri(url)));
    }
}
