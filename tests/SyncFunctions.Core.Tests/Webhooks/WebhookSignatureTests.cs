using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Webhooks;

namespace SyncFunctions.Core.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test-secret-0123456789abcdefghijklmnopqrstuvwxyz";
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-04T05:06:07Z");
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private static WebhookMessage Signed(string body = """{"id":"d1","event":"sync_job_run:record","payload":{}}""", string secret = Secret, DateTimeOffset? at = null) =>
        WebhookSigner.Sign(new Uri("https://hooks.example.com/in"), WebhookEvents.Record, "run-1:0:0:0", Encoding.UTF8.GetBytes(body), secret, at ?? Now);

    [Fact]
    public void The_signature_is_hmac_sha256_over_timestamp_dot_body_keyed_with_the_secret()
    {
        var message = Signed("{\"a\":1}");

        var ts = Now.ToUnixTimeSeconds();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{ts}.{{\"a\":1}}")));
        Assert.Equal($"t={ts},v1={expected}", message.Headers[WebhookHeaders.Signature]);
        Assert.Equal(ts.ToString(System.Globalization.CultureInfo.InvariantCulture), message.Headers[WebhookHeaders.Timestamp]);
        Assert.Equal(WebhookEvents.Record, message.Headers[WebhookHeaders.Event]);
        Assert.Equal("run-1:0:0:0", message.Headers[WebhookHeaders.Delivery]);
    }

    [Fact]
    public void A_signed_body_verifies()
    {
        var message = Signed();

        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(Secret, message.Headers[WebhookHeaders.Signature], message.Body, Now.AddSeconds(30), Tolerance));
    }

    [Fact]
    public void A_tampered_body_does_not_verify()
    {
        var message = Signed("""{"amount":10}""");
        var tampered = Encoding.UTF8.GetBytes("""{"amount":99}""");
        var oneByteMore = message.Body.Append((byte)' ').ToArray();

        Assert.Equal(WebhookVerification.Mismatch, WebhookSignature.Verify(Secret, message.Headers[WebhookHeaders.Signature], tampered, Now, Tolerance));
        Assert.Equal(WebhookVerification.Mismatch, WebhookSignature.Verify(Secret, message.Headers[WebhookHeaders.Signature], oneByteMore, Now, Tolerance));
    }

    [Fact]
    public void The_wrong_secret_does_not_verify()
    {
        var message = Signed();

        Assert.Equal(WebhookVerification.Mismatch, WebhookSignature.Verify(Secret + "x", message.Headers[WebhookHeaders.Signature], message.Body, Now, Tolerance));
        Assert.Equal(WebhookVerification.Mismatch, WebhookSignature.Verify(WebhookSecrets.Generate(), message.Headers[WebhookHeaders.Signature], message.Body, Now, Tolerance));
    }

    [Fact]
    public void A_changed_timestamp_does_not_verify()
    {
        var message = Signed();
        var header = message.Headers[WebhookHeaders.Signature];
        var ts = Now.ToUnixTimeSeconds();

        var replayed = header.Replace($"t={ts}", $"t={ts + 60}", StringComparison.Ordinal);

        Assert.Equal(WebhookVerification.Mismatch, WebhookSignature.Verify(Secret, replayed, message.Body, Now.AddSeconds(60), Tolerance));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public void A_timestamp_outside_the_tolerance_is_stale(int secondsFromNow)
    {
        var message = Signed(at: Now.AddSeconds(secondsFromNow));

        Assert.Equal(WebhookVerification.Stale, WebhookSignature.Verify(Secret, message.Headers[WebhookHeaders.Signature], message.Body, Now, Tolerance));
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public void A_timestamp_inside_the_tolerance_is_valid(int secondsFromNow)
    {
        var message = Signed(at: Now.AddSeconds(secondsFromNow));

        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(Secret, message.Headers[WebhookHeaders.Signature], message.Body, Now, Tolerance));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("v1=abc")]
    [InlineData("t=1700000000")]
    [InlineData("t=1700000000,")]
    [InlineData("t=abc,v1=00")]
    [InlineData("t=-5,v1=00")]
    [InlineData("t=1,t=2,v1=00")]
    [InlineData("t=1700000000;v1=00")]
    [InlineData("garbage")]
    [InlineData("t=1700000000,=x,v1=00")]
    public void Malformed_headers_are_refused(string? header)
    {
        Assert.False(WebhookSignature.TryParse(header, out _, out _));
        Assert.Equal(WebhookVerification.Malformed, WebhookSignature.Verify(Secret, header, "{}"u8, Now, Tolerance));
    }

    [Fact]
    public void The_header_parses_with_spaces_unknown_schemes_and_several_v1_signatures()
    {
        Assert.True(WebhookSignature.TryParse(" t=1700000000 , v0=old, v1=aa ,v1=bb ", out var ts, out var signatures));

        Assert.Equal(1_700_000_000, ts);
        Assert.Equal(["aa", "bb"], signatures);
    }

    [Fact]
    public void Any_matching_v1_signature_verifies_so_secrets_can_rotate()
    {
        var message = Signed();
        var ts = Now.ToUnixTimeSeconds();
        var good = WebhookSignature.Compute(Secret, ts, message.Body);
        var other = WebhookSignature.Compute("whsec_other", ts, message.Body);

        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(Secret, $"t={ts},v1={other},v1={good}", message.Body, Now, Tolerance));
        Assert.Equal(WebhookVerification.Mismatch, WebhookSignature.Verify(Secret, $"t={ts},v1={other},v1=zz{good[2..]},v1={good.ToUpperInvariant()[..10]}", message.Body, Now, Tolerance));
    }

    [Fact]
    public void Upper_case_hex_verifies_too()
    {
        var message = Signed();
        var ts = Now.ToUnixTimeSeconds();

        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(Secret, $"t={ts},v1={WebhookSignature.Compute(Secret, ts, message.Body).ToUpperInvariant()}", message.Body, Now, Tolerance));
    }

    [Fact]
    public void The_envelope_is_snake_case_with_the_delivery_id_event_time_and_payload()
    {
        var body = WebhookSigner.Envelope("run-1:2:0:3", WebhookEvents.Record, Now.AddMilliseconds(5), new JsonObject { ["records"] = new JsonArray(1, 2) });

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(["id", "event", "created_at", "payload"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("run-1:2:0:3", root.GetProperty("id").GetString());
        Assert.Equal("sync_job_run:record", root.GetProperty("event").GetString());
        Assert.Equal("2026-03-04T05:06:07.005Z", root.GetProperty("created_at").GetString());
        Assert.Equal(2, root.GetProperty("payload").GetProperty("records").GetArrayLength());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\r\nX-Injected: 1")]
    [InlineData("naïve")]
    public void Delivery_ids_that_cannot_be_a_header_value_are_refused(string id) =>
        Assert.Throws<ArgumentException>(() => WebhookSigner.Sign(new Uri("https://h.example/"), WebhookEvents.Record, id, [], Secret, Now));

    [Fact]
    public void Generated_secrets_are_prefixed_random_and_long()
    {
        var a = WebhookSecrets.Generate();
        var b = WebhookSecrets.Generate();

        Assert.StartsWith("whsec_", a);
        Assert.True(a.Length >= 6 + 43, a);
        Assert.NotEqual(a, b);
        Assert.All(a[6..], c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }
}
