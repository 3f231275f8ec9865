using System.Security.Cryptography;
using SyncFunctions.Core.DeviceSync;

namespace SyncFunctions.Core.Tests.DeviceSync;

public sealed class AckKeyCodecTests
{
    private readonly AckKeyCodec _codec = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_key_gives_back_its_revision_in_its_environment_only()
    {
        var key = _codec.Encode("env-a", "acct", "crm/contacts", "42", 1_375_200_190);

        Assert.True(_codec.TryDecode("env-a", key, out var revision));
        Assert.Equal(1_375_200_190, revision);
        Assert.False(_codec.TryDecode("env-b", key, out _));
        Assert.False(new AckKeyCodec(RandomNumberGenerator.GetBytes(32)).TryDecode("env-a", key, out _));
        Assert.Equal(AckKeyCodec.EncodedLength, key.Length);
        Assert.DoesNotContain("42", key, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_differ_per_record_and_per_revision()
    {
        var keys = new[]
        {
            _codec.Encode("env", "acct", "crm/contacts", "1", 7),
            _codec.Encode("env", "acct", "crm/contacts", "2", 7),
            _codec.Encode("env", "acct", "crm/deals", "1", 7),
            _codec.Encode("env", "other", "crm/contacts", "1", 7),
            _codec.Encode("env", "acct", "crm/contacts", "1", 8),
        };

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void Every_single_character_change_is_detected()
    {
        var key = _codec.Encode("env", "acct", "crm/contacts", "1", 123_456);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (var i = 0; i < key.Length; i++)
        {
            var replacement = alphabet[(alphabet.IndexOf(key[i], StringComparison.Ordinal) + 1) % alphabet.Length];
            var tampered = key[..i] + replacement + key[(i + 1)..];
            Assert.False(_codec.TryDecode("env", tampered, out _), $"position {i}");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Source-976368-1375200190")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void Foreign_or_malformed_keys_are_refused(string? key) => Assert.False(_codec.TryDecode("env", key, out _));
}
