using System.Net;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Webhooks;

namespace SyncFunctions.Core.Tests.Engine;

/// <summary>
/// Every spelling of an internal address is refused when a URL is saved, not only when it is dialled: IPv4-mapped and
/// translated IPv6, trailing dots, IDNA (full-width) digits, numeric IPv4 forms. Nothing here opens a connection.
/// </summary>
public sealed class SsrfSpellingTests
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    public static TheoryData<string> InternalSpellings => new()
    {
        "http://[::ffff:0:a9fe:a9fe]/",
        "http://[::ffff:0:169.254.169.254]/",
        "http://[::ffff:0:7f00:1]/",
        "http://169.254.169.254./",
        "http://169.254.169.254\u3002/",
        "https://\uff11\uff10.\uff10.\uff10.\uff11/",
        "https://\uff11\uff10\uff0e\uff10\uff0e\uff10\uff0e\uff11/",
        "http://\u2460\u2461\u2466.0.0.1/",
        "http://0x7f000001./",
        "http://2852039166./",
        "http://0251.0376.0251.0376./",
        "http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/",
        "http://xn--7g7cb.xn--7g7c.xn--7g7c.xn--8g7c/",
        "http://[64:ff9b:1::a9fe:a9fe]/",
        "http://[2001:0:a9fe:a9fe::1]/",
    };

    [Theory]
    [MemberData(nameof(InternalSpellings))]
    public void An_integration_url_with_an_internal_spelling_is_refused(string url)
    {
        var check = UpstreamUrlPolicy.CheckUrl(new Uri(url), None);

        Assert.False(check.IsAllowed, url);
    }

    [Theory]
    [MemberData(nameof(InternalSpellings))]
    public void A_webhook_url_with_an_internal_spelling_is_refused(string url)
    {
        var https = "https" + url[url.IndexOf(':', StringComparison.Ordinal)..];

        Assert.NotNull(WebhookRules.CheckUrl(https, None));
    }

    [Theory]
    [InlineData("::ffff:0:a9fe:a9fe")]
    [InlineData("::ffff:0:a00:1")]
    [InlineData("64:ff9b:1::a00:1")]
    [InlineData("2001:0:a9fe:a9fe::1")]
    public void Translated_and_tunnelled_forms_are_refused_when_dialled(string address) =>
        Assert.False(UpstreamUrlPolicy.IsAllowed(IPAddress.Parse(address), None, "api.example.com"));

    [Theory]
    [InlineData("169.254.169.254.", "169.254.169.254")]
    [InlineData("[::ffff:0:a9fe:a9fe]", "::ffff:0:169.254.169.254")]
    [InlineData("\uff11\uff10.\uff10.\uff10.\uff11", "10.0.0.1")]
    [InlineData("0x7f.1", "127.0.0.1")]
    [InlineData("api.example.com", null)]
    [InlineData("api.example.com.", null)]
    public void Host_spellings_normalise_to_one_address(string host, string? expected) =>
        Assert.Equal(expected, UpstreamUrlPolicy.LiteralAddress(host)?.ToString());

    [Fact]
    public void The_machines_own_addresses_are_refused_when_dialled()
    {
        // 203.0.113.9 (documentation range) stands in for a public address of this machine.
        var own = IPAddress.Parse("203.0.113.9");
        var local = new HashSet<IPAddress> { own };

        Assert.False(UpstreamUrlPolicy.IsAllowed(own, None, "me.example.com", local));
        Assert.False(UpstreamUrlPolicy.IsAllowed(IPAddress.Parse("::ffff:203.0.113.9"), None, "me.example.com", local));
        Assert.True(UpstreamUrlPolicy.IsAllowed(IPAddress.Parse("203.0.113.10"), None, "other.example.com", local));
        Assert.True(UpstreamUrlPolicy.IsAllowed(own, new HashSet<string> { "203.0.113.9" }, "me.example.com", local));
    }

    [Theory]
    [InlineData("https://api.example.com/")]
    [InlineData("https://xn--bcher-kva.example/")]
    [InlineData("https://b\u00fccher.example/")]
    [InlineData("https://[2606:4700:4700::1111]/")]
    [InlineData("https://8.8.8.8./")]
    public void Public_hosts_stay_allowed(string url) =>
        Assert.True(UpstreamUrlPolicy.CheckUrl(new Uri(url), None).IsAllowed, url);
}
