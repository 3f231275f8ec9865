using System.Security.Cryptography;
using System.Text;
using SyncFunctions.Core.Security;

namespace SyncFunctions.Core.Tests.Security;

public sealed class CredentialProtectorTests
{
    private readonly CredentialProtector _protector = new(RandomNumberGenerator.GetBytes(32));
    private readonly Dictionary<string, string> _secret = new() { ["token"] = "s3cr3t-token-value", ["client_secret"] = "other" };

    [Fact]
    public void Round_trips_and_hides_the_plaintext()
    {
        var sealedValue = _protector.Protect(_secret, "env", "acct");

        Assert.Equal(_secret, _protector.Unprotect(sealedValue, "env", "acct"));
        Assert.DoesNotContain("s3cr3t", Encoding.UTF8.GetString(Convert.FromBase64String(sealedValue)));
        Assert.DoesNotContain("s3cr3t", sealedValue);
    }

    [Fact]
    public void Each_seal_uses_a_fresh_nonce() =>
        Assert.NotEqual(_protector.Protect(_secret, "env", "acct"), _protector.Protect(_secret, "env", "acct"));

    [Theory]
    [InlineData("env", "other-account")]
    [InlineData("other-env", "acct")]
    public void A_blob_moved_to_another_account_or_environment_does_not_open(string env, string account)
    {
        var sealedValue = _protector.Protect(_secret, "env", "acct");

        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(sealedValue, env, account));
    }

    [Fact]
    public void Any_altered_byte_is_detected()
    {
        var bytes = Convert.FromBase64String(_protector.Protect(_secret, "env", "acct"));
        for (var i = 0; i < bytes.Length; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(Convert.ToBase64String(copy), "env", "acct"));
        }
    }

    [Fact]
    public void Another_key_cannot_open_it()
    {
        var other = new CredentialProtector(RandomNumberGenerator.GetBytes(32));
        Assert.ThrowsAny<CryptographicException>(() => other.Unprotect(_protector.Protect(_secret, "env", "acct"), "env", "acct"));
    }
}
