using System.Security.Cryptography;
using SyncFunctions.Core.Security;
using SyncFunctions.Core.Webhooks;

namespace SyncFunctions.Core.Tests.Webhooks;

public sealed class WebhookRulesTests
{
    private static readonly IReadOnlySet<string> NoAllowList = new HashSet<string>();
    private static readonly IReadOnlySet<string> Loopback = new HashSet<string> { "127.0.0.1", "receiver.internal" };

    private static string? UrlCode(string url, IReadOnlySet<string>? allowed = null) =>
        WebhookRules.CheckUrl(url, allowed ?? NoAllowList)?.Code;

    [Theory]
    [InlineData("https://hooks.example.com/in")]
    [InlineData("https://hooks.example.com:8443/in?token=abc")]
    [InlineData("https://93.184.216.34/in")]
    public void Public_https_urls_are_accepted(string url) => Assert.Null(UrlCode(url));

    [Theory]
    [InlineData("http://hooks.example.com/in", "invalid")]
    [InlineData("ftp://hooks.example.com/in", "invalid")]
    [InlineData("/relative", "invalid")]
    [InlineData("not a url", "invalid")]
    [InlineData("https://user:pass@hooks.example.com/", "invalid")]
    [InlineData("https://127.0.0.1/in", "forbidden_host")]
    [InlineData("https://localhost/in", "forbidden_host")]
    [InlineData("https://169.254.169.254/latest/meta-data", "forbidden_host")]
    [InlineData("https://10.0.0.5/in", "forbidden_host")]
    [InlineData("https://192.168.1.1/in", "forbidden_host")]
    [InlineData("https://[::1]/in", "forbidden_host")]
    [InlineData("https://[::ffff:127.0.0.1]/in", "forbidden_host")]
    [InlineData("https://2130706433/in", "forbidden_host")]
    public void Insecure_or_private_urls_are_refused(string url, string code) => Assert.Equal(code, UrlCode(url));

    [Fact]
    public void Http_and_private_hosts_need_the_allow_list()
    {
        Assert.Null(UrlCode("http://127.0.0.1:5000/in", Loopback));
        Assert.Null(UrlCode("https://127.0.0.1:5000/in", Loopback));
        Assert.Null(UrlCode("http://receiver.internal/in", Loopback));
        Assert.Equal("invalid", UrlCode("http://127.0.0.2/in", Loopback));
        Assert.Equal("forbidden_host", UrlCode("https://127.0.0.2/in", Loopback));
        Assert.Equal("invalid", UrlCode("http://hooks.example.com/in", Loopback));
    }

    [Fact]
    public void A_cidr_entry_allows_http_to_its_addresses() =>
        Assert.Null(UrlCode("http://10.1.2.3/in", new HashSet<string> { "10.0.0.0/8" }));

    [Fact]
    public void A_very_long_url_is_refused() =>
        Assert.Equal("invalid", UrlCode("https://hooks.example.com/" + new string('a', WebhookRules.MaxUrlLength)));

    [Fact]
    public void Every_problem_of_a_request_is_reported_with_its_field()
    {
        var errors = WebhookRules.Check(new CreateWebhookRequest(null, ["sync_job_run:record", "nope", null!], new string('x', 501)), NoAllowList);

        Assert.Equal(["url", "events[1]", "events[2]", "description"], errors.Select(e => e.Field));
        Assert.Equal("required", errors[0].Code);
    }

    [Fact]
    public void An_empty_event_list_is_refused_and_a_missing_one_means_all()
    {
        Assert.Equal("events", Assert.Single(WebhookRules.Check(new CreateWebhookRequest("https://h.example/", [], null), NoAllowList)).Field);
        Assert.Empty(WebhookRules.Check(new CreateWebhookRequest("https://h.example/", null, "Billing sync"), NoAllowList));
        Assert.Equal(WebhookEvents.All, WebhookRules.NormalizeEvents(null));
    }

    [Fact]
    public void Events_are_deduplicated_in_canonical_order() =>
        Assert.Equal(
            [WebhookEvents.Record, WebhookEvents.Completed],
            WebhookRules.NormalizeEvents([WebhookEvents.Completed, WebhookEvents.Record, WebhookEvents.Completed]));

    [Fact]
    public void A_sealed_secret_opens_only_for_its_own_environment_and_webhook()
    {
        var secrets = new WebhookSecrets(new CredentialProtector(RandomNumberGenerator.GetBytes(32)));
        var secret = WebhookSecrets.Generate();
        var sealedSecret = secrets.Seal(secret, "env-a", "hook-1");
        var hook = new Webhook("hook-1", "https://h.example/", WebhookEvents.All, null, sealedSecret, DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain(secret, sealedSecret);
        Assert.Equal(secret, secrets.Open(hook, "env-a"));
        Assert.ThrowsAny<CryptographicException>(() => secrets.Open(hook, "env-b"));
        Assert.ThrowsAny<CryptographicException>(() => secrets.Open(hook with { Id = "hook-2" }, "env-a"));
        Assert.DoesNotContain(sealedSecret, hook.ToString());
    }
}
