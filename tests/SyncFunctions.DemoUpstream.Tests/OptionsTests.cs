namespace SyncFunctions.DemoUpstream.Tests;

public class OptionsTests
{
    [Fact]
    public void Command_line_sets_sizes_and_credentials()
    {
        var options = DemoUpstreamOptions.FromArgs(
        [
            "--port", "5080", "--contacts", "1000", "--deals", "300", "--users", "20", "--bearer-token", "demo-token",
            "--seed", "9", "--rate-limit", "50", "--api-key", "k",
        ]);

        Assert.Equal(5080, options.Port);
        Assert.Equal(1000, options.Contacts);
        Assert.Equal(300, options.Deals);
        Assert.Equal(20, options.Users);
        Assert.Equal(9, options.Seed);
        Assert.Equal(50, options.RateLimitPerSecond);
        Assert.Equal("demo-token", options.Auth.BearerToken);
        Assert.Equal("k", options.Auth.ApiKey);
        Assert.False(options.Auth.IsOpen);
    }

    [Fact]
    public void Empty_command_line_gives_an_open_server_on_a_free_port()
    {
        var options = DemoUpstreamOptions.FromArgs([]);

        Assert.Equal(0, options.Port);
        Assert.True(options.Auth.IsOpen);
        Assert.Null(options.RateLimitPerSecond);
    }

    [Theory]
    [InlineData("--colour", "blue")]
    [InlineData("--contacts", "many")]
    [InlineData("--contacts")]
    public void Bad_command_lines_are_rejected(params string[] args) =>
        Assert.Throws<ArgumentException>(() => DemoUpstreamOptions.FromArgs(args));

    [Fact]
    public async Task Server_listens_on_loopback_and_reports_its_port()
    {
        await using var server = await DemoUpstreamServer.StartAsync();
        using var client = TestHttp.ClientFor(server);

        Assert.Equal("127.0.0.1", server.BaseUrl.Host);
        Assert.NotEqual(0, server.BaseUrl.Port);
        Assert.Equal("ok", (await client.GetJsonAsync("/health"))["status"]!.GetValue<string>());
        Assert.Equal(new Uri(server.BaseUrl, "/page/users"), server.Url("/page/users"));
    }
}
