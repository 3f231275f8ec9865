using Microsoft.AspNetCore.Http;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Integrations;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Upstream.Tests.Support;

namespace SyncFunctions.Upstream.Tests;

public sealed class RedirectTests
{
    private static readonly AuthDefinition Bearer = new() { Type = AuthTypes.Bearer };
    private static readonly Dictionary<string, string> Credentials = new() { ["token"] = "redirect-token-4411" };

    [Fact]
    public async Task A_same_origin_redirect_is_followed_with_credentials_and_reported_as_the_final_url()
    {
        await using var server = await TinyServer.StartAsync(context =>
        {
            if (context.Request.Path == "/old")
            {
                context.Response.StatusCode = 301;
                context.Response.Headers.Location = "/new?page=2";
                return Task.CompletedTask;
            }
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"ok\":true}");
        });
        var client = UpstreamHarness.ClientFor(UpstreamHarness.FastOptions, out var services);
        await using var _ = services;

        var response = await client.SendAsync(Call(server.Url("/old")), CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.Equal(server.Url("/new?page=2"), response.FinalUrl);
        Assert.Equal(["/old", "/new?page=2"], server.Requests.Select(r => r.Path));
        Assert.All(server.Requests, r => Assert.Equal("Bearer redirect-token-4411", r.Authorization));
    }

    [Fact]
    public async Task A_cross_origin_redirect_is_followed_without_credentials()
    {
        // The other origin would accept the token, so only withholding it makes this call fail.
        await using var demo = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 5, Auth = new UpstreamAuth { BearerToken = "redirect-token-4411" } });
        await using var redirector = await TinyServer.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = demo.Url("/page/contacts").AbsoluteUri;
            return Task.CompletedTask;
        });
        var client = UpstreamHarness.ClientFor(UpstreamHarness.FastOptions, out var services);
        await using var _ = services;

        var ex = await Assert.ThrowsAnyAsync<SyncEngineException>(() => client.SendAsync(Call(redirector.Url("/contacts")), CancellationToken.None));

        Assert.Equal(UpstreamErrorKind.Auth, ex.Kind);
        Assert.Equal("Bearer redirect-token-4411", Assert.Single(redirector.Requests).Authorization);
        var followed = Assert.Single(demo.Requests.ForPath("/page/contacts"));
        Assert.Null(followed.AuthScheme);
        Assert.Equal(401, followed.StatusCode);
    }

    [Fact]
    public async Task A_redirect_loop_ends_after_the_maximum()
    {
        await using var server = await TinyServer.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "/again";
            return Task.CompletedTask;
        });
        var client = UpstreamHarness.ClientFor(UpstreamHarness.FastOptions with { MaxRedirects = 3 }, out var services);
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => client.SendAsync(Call(server.Url("/start")), CancellationToken.None));

        Assert.Equal(UpstreamErrorCodes.InvalidRedirect, ex.Code);
        Assert.Equal(4, server.Requests.Count);
    }

    private static UpstreamCall Call(Uri url) =>
        new(new UpstreamRequest("GET", url, new Dictionary<string, string>()),
            new UpstreamAuthContext(Bearer, Credentials, url, "env1/account1"), "env1/account1", null);
}
