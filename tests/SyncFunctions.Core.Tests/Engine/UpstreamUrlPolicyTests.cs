using System.Net;
using SyncFunctions.Core.Engine;

namespace SyncFunctions.Core.Tests.Engine;

public sealed class UpstreamUrlPolicyTests
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("febf:ffff::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:a9fe:a9fe::1")]
    public void Internal_addresses_are_refused(string address)
    {
        Assert.False(UpstreamUrlPolicy.IsAllowed(IPAddress.Parse(address), None, "api.example.com"));
        Assert.NotNull(UpstreamUrlPolicy.RefusalReason(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.True(UpstreamUrlPolicy.IsAllowed(IPAddress.Parse(address), None, "api.example.com"));

    [Theory]
    [InlineData("127.0.0.1", "localhost", "localhost")]
    [InlineData("127.0.0.1", "fake-upstream", "FAKE-UPSTREAM")]
    [InlineData("127.0.0.1", "127.0.0.1", "127.0.0.1")]
    [InlineData("10.1.2.3", "intranet", "10.0.0.0/8")]
    [InlineData("::ffff:10.1.2.3", "intranet", "10.0.0.0/8")]
    [InlineData("::ffff:127.0.0.1", "x", "127.0.0.1")]
    [InlineData("fd00::5", "x", "fd00::/8")]
    [InlineData("::1", "x", "[::1]")]
    public void Allow_listed_hosts_addresses_and_ranges_pass(string address, string host, string allowed) =>
        Assert.True(UpstreamUrlPolicy.IsAllowed(IPAddress.Parse(address), new HashSet<string> { allowed }, host));

    [Theory]
    [InlineData("10.1.2.3", "intranet", "10.0.0.0/16")]
    [InlineData("127.0.0.2", "x", "127.0.0.1")]
    [InlineData("127.0.0.1", "other", "fake-upstream")]
    [InlineData("127.0.0.1", "x", "not-an-ip/8")]
    public void The_allow_list_is_exact(string address, string host, string allowed) =>
        Assert.False(UpstreamUrlPolicy.IsAllowed(IPAddress.Parse(address), new HashSet<string> { allowed }, host));

    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f.1/")]
    [InlineData("http://017700000001/")]
    [InlineData("http://[::1]:8080/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("https://localhost/")]
    [InlineData("https://LOCALHOST./")]
    [InlineData("https://api.localhost/")]
    [InlineData("ftp://example.com/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://user:pass@example.com/")]
    public void Definition_time_checks_refuse_these(string url)
    {
        var check = UpstreamUrlPolicy.CheckUrl(new Uri(url));

        Assert.False(check.IsAllowed);
        Assert.False(string.IsNullOrWhiteSpace(check.Reason));
    }

    [Theory]
    [InlineData("https://api.example.com/v1")]
    [InlineData("http://93.184.216.34/")]
    [InlineData("https://[2606:4700:4700::1111]/")]
    [InlineData("https://internal.corp/")]
    public void Definition_time_checks_allow_these(string url) =>
        Assert.True(UpstreamUrlPolicy.CheckUrl(new Uri(url)).IsAllowed);

    [Fact]
    public void Definition_time_checks_honour_the_allow_list()
    {
        Assert.True(UpstreamUrlPolicy.CheckUrl(new Uri("http://127.0.0.1:5000/"), new HashSet<string> { "127.0.0.1" }).IsAllowed);
        Assert.True(UpstreamUrlPolicy.CheckUrl(new Uri("http://localhost:5000/"), new HashSet<string> { "localhost" }).IsAllowed);
        Assert.False(UpstreamUrlPolicy.CheckUrl(new Uri("http://localhost:5000/"), new HashSet<string> { "127.0.0.2" }).IsAllowed);
    }

    [Fact]
    public void A_relative_url_is_refused() =>
        Assert.False(UpstreamUrlPolicy.CheckUrl(new Uri("/api", UriKind.Relative)).IsAllowed);
}
