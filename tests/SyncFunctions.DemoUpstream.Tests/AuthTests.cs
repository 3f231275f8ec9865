using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SyncFunctions.DemoUpstream.Tests;

public class AuthTests
{
    private static readonly UpstreamAuth Everything = new()
    {
        BearerToken = "static-token",
        ApiKey = "key-123",
        BasicUser = "ada",
        BasicPassword = "s3cret",
        OAuthClientId = "client",
        OAuthClientSecret = "client-secret",
    };

    [Fact]
    public async Task Open_server_needs_no_credentials()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 3 });
        using var client = TestHttp.ClientFor(server);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/page/contacts")).StatusCode);
        var entry = Assert.Single(server.Requests);
        Assert.True(entry.AuthPassed);
        Assert.Null(entry.AuthScheme);
    }

    [Fact]
    public async Task Bearer_token_is_checked()
    {
        await using var server = await StartAsync(new UpstreamAuth { BearerToken = "static-token" });

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, r => r.Headers.Authorization = new("Bearer", "static-token")));
        await AssertUnauthorizedAsync(server, r => r.Headers.Authorization = new("Bearer", "wrong"));
        await AssertUnauthorizedAsync(server, _ => { });
        Assert.Equal("bearer", server.Requests.First().AuthScheme);
    }

    [Fact]
    public async Task Api_key_is_accepted_in_header_or_query()
    {
        await using var server = await StartAsync(new UpstreamAuth { ApiKey = "key-123" });

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, r => r.Headers.Add("X-API-Key", "key-123")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, _ => { }, "/page/contacts?api_key=key-123"));
        await AssertUnauthorizedAsync(server, r => r.Headers.Add("X-API-Key", "key-999"));
        await AssertUnauthorizedAsync(server, _ => { }, "/page/contacts?api_key=nope");
        await AssertUnauthorizedAsync(server, _ => { });
        Assert.All(server.Requests.Take(2), e => Assert.Equal("api_key", e.AuthScheme));
    }

    [Fact]
    public async Task Basic_credentials_are_checked()
    {
        await using var server = await StartAsync(new UpstreamAuth { BasicUser = "ada", BasicPassword = "s3cret" });

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, r => r.Headers.Authorization = Basic("ada", "s3cret")));
        await AssertUnauthorizedAsync(server, r => r.Headers.Authorization = Basic("ada", "wrong"));
        await AssertUnauthorizedAsync(server, r => r.Headers.Authorization = Basic("bob", "s3cret"));
        await AssertUnauthorizedAsync(server, r => r.Headers.Authorization = new("Basic", "not base64!"));
        await AssertUnauthorizedAsync(server, _ => { });
        Assert.Equal("basic", server.Requests.First().AuthScheme);
    }

    [Fact]
    public async Task OAuth_client_credentials_issue_a_bearer_token_that_the_api_accepts()
    {
        await using var server = await StartAsync(new UpstreamAuth { OAuthClientId = "client", OAuthClientSecret = "client-secret" });
        using var client = TestHttp.ClientFor(server);

        var (status, body) = await client.SendForJsonAsync(TokenRequest("client", "client-secret"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", body!["token_type"]!.GetValue<string>());
        Assert.Equal(3600, body["expires_in"]!.GetValue<int>());
        var token = body["access_token"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, r => r.Headers.Authorization = new("Bearer", token)));
        Assert.Equal("oauth", server.Requests.Last().AuthScheme);
        await AssertUnauthorizedAsync(server, r => r.Headers.Authorization = new("Bearer", token + "x"));
    }

    [Fact]
    public async Task OAuth_client_credentials_may_come_as_basic_auth()
    {
        await using var server = await StartAsync(new UpstreamAuth { OAuthClientId = "client", OAuthClientSecret = "client-secret" });
        using var client = TestHttp.ClientFor(server);
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = Basic("client", "client-secret");

        var (status, body) = await client.SendForJsonAsync(request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body!["access_token"]);
    }

    [Fact]
    public async Task OAuth_token_endpoint_rejects_bad_clients_and_grants()
    {
        await using var server = await StartAsync(new UpstreamAuth { OAuthClientId = "client", OAuthClientSecret = "client-secret" });
        using var client = TestHttp.ClientFor(server);

        var wrongSecret = await client.SendForJsonAsync(TokenRequest("client", "nope"));
        var wrongGrant = await client.SendForJsonAsync(TokenRequest("client", "client-secret", grant: "password"));

        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.Status);
        Assert.Equal("invalid_client", wrongSecret.Body.Error());
        Assert.Equal(HttpStatusCode.BadRequest, wrongGrant.Status);
        Assert.Equal("unsupported_grant_type", wrongGrant.Body.Error());
        Assert.False(server.Requests.First().AuthPassed);
    }

    [Fact]
    public async Task OAuth_tokens_expire()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions
        {
            Contacts = 3,
            TimeProvider = time,
            Auth = new UpstreamAuth { OAuthClientId = "client", OAuthClientSecret = "client-secret", OAuthTokenLifetime = TimeSpan.FromMinutes(5) },
        });
        using var client = TestHttp.ClientFor(server);
        var (_, body) = await client.SendForJsonAsync(TokenRequest("client", "client-secret"));
        var token = body!["access_token"]!.GetValue<string>();

        Assert.Equal(300, body["expires_in"]!.GetValue<int>());
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, r => r.Headers.Authorization = new("Bearer", token)));
        time.Advance(TimeSpan.FromMinutes(2));
        await AssertUnauthorizedAsync(server, r => r.Headers.Authorization = new("Bearer", token));
    }

    [Fact]
    public async Task With_several_schemes_configured_any_one_is_enough()
    {
        await using var server = await StartAsync(Everything);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, r => r.Headers.Authorization = new("Bearer", "static-token")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, r => r.Headers.Add("X-API-Key", "key-123")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, r => r.Headers.Authorization = Basic("ada", "s3cret")));
        await AssertUnauthorizedAsync(server, r => r.Headers.Authorization = new("Bearer", "key-123"));
        Assert.Equal(["bearer", "api_key", "basic", null], server.Requests.Select(e => e.AuthScheme));
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/page/contacts")]
    [InlineData("/page/contacts/1")]
    [InlineData("/page/contacts/1/notes")]
    public async Task Only_health_is_open_on_a_protected_server(string url)
    {
        await using var server = await StartAsync(Everything);
        using var client = TestHttp.ClientFor(server);

        using var response = await client.GetAsync(url);

        Assert.Equal(url == "/health" ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static Task<DemoUpstreamServer> StartAsync(UpstreamAuth auth) =>
        DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 3, Auth = auth });

    private static async Task<HttpStatusCode> StatusAsync(DemoUpstreamServer server, Action<HttpRequestMessage> authorize, string url = "/page/contacts")
    {
        using var client = TestHttp.ClientFor(server);
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        authorize(request);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task AssertUnauthorizedAsync(DemoUpstreamServer server, Action<HttpRequestMessage> authorize, string url = "/page/contacts")
    {
        using var client = TestHttp.ClientFor(server);
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        authorize(request);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":"unauthorized"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(server.Requests.Last().AuthPassed);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static HttpRequestMessage TokenRequest(string clientId, string secret, string grant = "client_credentials") =>
        new(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", grant),
                new("client_id", clientId),
                new("client_secret", secret),
            ]),
        };
}
