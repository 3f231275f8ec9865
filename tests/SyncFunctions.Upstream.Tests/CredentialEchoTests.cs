using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Upstream.Tests.Support;

namespace SyncFunctions.Upstream.Tests;

/// <summary>
/// An upstream that echoes the request's headers into its records must not get the account's credentials into the
/// hub's store: every credential value (and the forms auth sends, such as Basic's base64) is masked in the body.
/// </summary>
public sealed class CredentialEchoTests
{
    private const string AccessToken = "oauth-access-token-9f8e7d6c";

    // System.Text.Json's default encoder escapes '+' as \u002B: the echo is escaped JSON, as many servers write it.
    private static Task<TinyServer> EchoServerAsync() => TinyServer.StartAsync(async context =>
    {
        context.Response.ContentType = "application/json";
        if (context.Request.Path == "/oauth/token")
        {
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { access_token = AccessToken, token_type = "bearer", expires_in = 3600 }));
            return;
        }
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString());
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { data = new[] { new { id = 1, headers, query = context.Request.QueryString.Value } } }));
    });

    private static async Task<string> EchoedBodyAsync(AuthDefinition auth, Dictionary<string, string> credentials)
    {
        await using var server = await EchoServerAsync();
        var client = UpstreamHarness.ClientFor(UpstreamHarness.FastOptions, out var services);
        await using var _ = services;
        var url = server.Url("/contacts");
        var call = new UpstreamCall(new UpstreamRequest("GET", url, new Dictionary<string, string>()),
            new UpstreamAuthContext(auth, credentials, server.BaseUrl, "k"), "k", null);

        var response = await client.SendAsync(call, CancellationToken.None);

        Assert.NotEmpty(server.Requests);
        var body = response.Body!.ToJsonString();
        Assert.Contains(SecretRedactor.Mask, body, StringComparison.Ordinal);
        return body;
    }

    [Fact]
    public async Task An_echoed_bearer_token_is_masked()
    {
        const string token = "bearer-secret-0123456789";
        var body = await EchoedBodyAsync(new AuthDefinition { Type = AuthTypes.Bearer }, new() { ["token"] = token });

        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_echoed_basic_password_and_its_base64_are_masked()
    {
        const string password = "p@ss+word/0123>>>";
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:" + password));
        Assert.Contains('+', base64);
        var body = await EchoedBodyAsync(new AuthDefinition { Type = AuthTypes.Basic }, new() { ["username"] = "alice", ["password"] = password });

        Assert.DoesNotContain(base64, body, StringComparison.Ordinal);
        Assert.DoesNotContain(base64.Replace("+", "\\u002B", StringComparison.Ordinal), body, StringComparison.Ordinal);
        Assert.DoesNotContain("word/0123", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_echoed_api_key_header_is_masked()
    {
        const string key = "header-api-key-abcdef123";
        var body = await EchoedBodyAsync(new AuthDefinition { Type = AuthTypes.ApiKey, In = "header", Name = "X-Api-Key" }, new() { ["api_key"] = key });

        Assert.DoesNotContain(key, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_echoed_oauth_access_token_is_masked()
    {
        var body = await EchoedBodyAsync(
            new AuthDefinition { Type = AuthTypes.OAuth2ClientCredentials, TokenUrl = "/oauth/token" },
            new() { ["client_id"] = "client-1", ["client_secret"] = "client-secret-777777" });

        Assert.DoesNotContain(AccessToken, body, StringComparison.Ordinal);
    }
}
