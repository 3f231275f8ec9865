using System.Net;
using SyncFunctions.Core.Engine;
using SyncFunctions.Upstream.Tests.Support;

namespace SyncFunctions.Upstream.Tests;

public sealed class SsrfTests
{
    private static readonly UpstreamClientOptions NoAllowList = UpstreamHarness.FastOptions with { AllowedHosts = new HashSet<string>() };

    [Fact]
    public async Task Loopback_is_refused_without_an_allow_list_entry_and_nothing_reaches_it()
    {
        await using var harness = await UpstreamHarness.StartAsync(options: NoAllowList);

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => harness.GetAsync("/page/contacts"));

        Assert.Equal(UpstreamErrorKind.Config, ex.Kind);
        Assert.Equal(UpstreamErrorCodes.AddressRefused, ex.Code);
        Assert.Contains("loopback", ex.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Server.Requests);
    }

    [Fact]
    public async Task Localhost_by_name_is_refused_too()
    {
        await using var harness = await UpstreamHarness.StartAsync(options: NoAllowList);
        var url = new Uri($"http://localhost:{harness.Server.BaseUrl.Port}/page/contacts");

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => harness.Client.SendAsync(harness.Call(url), CancellationToken.None));

        Assert.Equal(UpstreamErrorCodes.AddressRefused, ex.Code);
        Assert.Empty(harness.Server.Requests);
    }

    [Fact]
    public async Task A_public_looking_name_that_resolves_to_loopback_is_refused_at_connect_time_without_retries()
    {
        // The name passes the URL check; only the address it resolves to now gives it away (DNS rebinding).
        await using var harness = await UpstreamHarness.StartAsync(options: NoAllowList with { ResolveHost = ResolveToLoopback });
        var url = new Uri($"http://api.upstream.test:{harness.Server.BaseUrl.Port}/page/contacts");
        Assert.True(UpstreamUrlPolicy.CheckUrl(url).IsAllowed);

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => harness.Client.SendAsync(harness.Call(url), CancellationToken.None));

        Assert.Equal(UpstreamErrorCodes.AddressRefused, ex.Code);
        Assert.Contains("api.upstream.test", ex.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Server.Requests);
        Assert.Single(harness.Logs.Messages, m => m.Contains("failed with HttpRequestException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_name_connects_when_its_address_is_allow_listed()
    {
        await using var harness = await UpstreamHarness.StartAsync(options: UpstreamHarness.FastOptions with { ResolveHost = ResolveToLoopback });
        var url = new Uri($"http://api.upstream.test:{harness.Server.BaseUrl.Port}/page/contacts");

        var response = await harness.Client.SendAsync(harness.Call(url), CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.Single(harness.Requests("/page/contacts"));
    }

    [Fact]
    public async Task Of_a_mixed_dns_answer_only_the_allowed_addresses_are_dialled()
    {
        // 127.0.0.2 is refused, 127.0.0.1 allow-listed: the call must go to the latter (the server listens only there).
        await using var harness = await UpstreamHarness.StartAsync(options: UpstreamHarness.FastOptions with
        {
            ResolveHost = (_, _) => Task.FromResult(new[] { IPAddress.Parse("127.0.0.2"), IPAddress.Loopback }),
        });
        var url = new Uri($"http://api.upstream.test:{harness.Server.BaseUrl.Port}/page/contacts");

        var response = await harness.Client.SendAsync(harness.Call(url), CancellationToken.None);

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task A_redirect_to_the_metadata_endpoint_is_refused()
    {
        await using var redirector = await TinyServer.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
            return Task.CompletedTask;
        });
        var client = UpstreamHarness.ClientFor(UpstreamHarness.FastOptions, out var services);
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => client.SendAsync(Call(redirector.Url("/contacts")), CancellationToken.None));

        Assert.Equal(UpstreamErrorCodes.AddressRefused, ex.Code);
        Assert.Contains("link-local", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_to_a_name_that_resolves_privately_is_refused_at_connect_time()
    {
        await using var redirector = await TinyServer.StartAsync(context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = "http://internal.upstream.test/admin";
            return Task.CompletedTask;
        });
        var options = UpstreamHarness.FastOptions with
        {
            ResolveHost = (host, _) => Task.FromResult(host == "internal.upstream.test" ? [IPAddress.Parse("10.1.2.3")] : Array.Empty<IPAddress>()),
        };
        var client = UpstreamHarness.ClientFor(options, out var services);
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => client.SendAsync(Call(redirector.Url("/contacts")), CancellationToken.None));

        Assert.Equal(UpstreamErrorCodes.AddressRefused, ex.Code);
        Assert.Contains("private", ex.Message, StringComparison.Ordinal);
    }

    private static UpstreamCall Call(Uri url) =>
        new(new UpstreamRequest("GET", url, new Dictionary<string, string>()), UpstreamAuthContext.None(url), "k", null);

    private static Task<IPAddress[]> ResolveToLoopback(string host, CancellationToken cancellationToken) =>
        Task.FromResult(new[] { IPAddress.Loopback });
}
