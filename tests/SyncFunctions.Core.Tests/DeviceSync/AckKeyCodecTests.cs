using System.Security.Cryptography;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Records;

namespace SyncFunctions.Core.Tests.DeviceSync;

public sealed class AckKeyCodecTests
{
    private static readonly FeedId Contacts = new("acct", "crm/contacts");

    private readonly AckKeyCodec _codec = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_key_gives_back_its_feed_and_revision_in_its_environment_for_its_api_key_only()
    {
        var key = _codec.Encode("env-a", "key-1", Contacts, "42", 1_375_200_190);

        Assert.True(_codec.TryDecode("env-a", "key-1", key, out var acked));
        Assert.Equal(new AckedRevision(AckKeyCodec.FeedTag(Contacts), 1_375_200_190), acked);
        Assert.False(_codec.TryDecode("env-b", "key-1", key, out _));
        Assert.False(_codec.TryDecode("env-a", "key-2", key, out _));
        Assert.False(new AckKeyCodec(RandomNumberGenerator.GetBytes(32)).TryDecode("env-a", "key-1", key, out _));
        Assert.Equal(AckKeyCodec.EncodedLength, key.Length);
        Assert.DoesNotContain("42", key, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_and_key_cannot_be_shifted_into_each_other()
    {
        var key = _codec.Encode("env-a", "key-1", Contacts, "1", 7);

        Assert.False(_codec.TryDecode("env-ak", "ey-1", key, out _));
        Assert.False(_codec.TryDecode("env-", "akey-1", key, out _));
    }

    [Fact]
    public void Keys_differ_per_record_feed_and_revision_and_feed_tags_per_feed()
    {
        var keys = new[]
        {
            _codec.Encode("env", "k", Contacts, "1", 7),
            _codec.Encode("env", "k", Contacts, "2", 7),
            _codec.Encode("env", "k", Contacts with { Resource = "crm/deals" }, "1", 7),
            _codec.Encode("env", "k", Contacts with { AccountId = "other" }, "1", 7),
            _codec.Encode("env", "k", Contacts, "1", 8),
            _codec.Encode("env", "k2", Contacts, "1", 7),
        };

        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.NotEqual(AckKeyCodec.FeedTag(Contacts), AckKeyCodec.FeedTag(Contacts with { AccountId = "other" }));
    }

    [Fact]
    public void Every_single_character_change_is_detected()
    {
        var key = _codec.Encode("env", "k", Contacts, "1", 123_456);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (var i = 0; i < key.Length; i++)
        {
            var replacement = alphabet[(alphabet.IndexOf(key[i], StringComparison.Ordinal) + 1) % alphabet.Length];
            var tampered = key[..i] + replacement + key[(i + 1)..];
            Assert.False(_codec.TryDecode("env", "k", tampered, out _), $"position {i}");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Source-976368-1375200190")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void Foreign_or_malformed_keys_are_refused(string? key) => Assert.False(_codec.TryDecode("env", "k", key, out _));
}
