using SyncFunctions.Core.Security;

namespace SyncFunctions.Core.Tests.Security;

public sealed class ApiKeyTokensTests
{
    [Fact]
    public void Tokens_are_64_characters_of_prefix_and_base62()
    {
        var token = ApiKeyTokens.Generate();

        Assert.Equal(64, token.Length);
        Assert.StartsWith("sfk_", token);
        Assert.Matches("^sfk_[0-9A-Za-z]{60}$", token);
    }

    [Fact]
    public void Tokens_do_not_repeat_and_use_the_whole_alphabet()
    {
        var tokens = Enumerable.Range(0, 2000).Select(_ => ApiKeyTokens.Generate()).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        var used = tokens.SelectMany(t => t[4..]).Distinct().Count();
        Assert.Equal(62, used);
    }

    [Fact]
    public void The_hash_is_lowercase_hex_sha256_and_stable()
    {
        // SHA-256("abc"), a published test vector.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyTokens.Hash("abc"));
        var token = ApiKeyTokens.Generate();
        Assert.Equal(ApiKeyTokens.Hash(token), ApiKeyTokens.Hash(token));
        Assert.NotEqual(ApiKeyTokens.Hash(token), ApiKeyTokens.Hash(token[..^1] + (token[^1] == 'a' ? 'b' : 'a')));
    }

    [Fact]
    public void The_display_prefix_reveals_only_twelve_characters()
    {
        var token = ApiKeyTokens.Generate();
        Assert.Equal(token[..12], ApiKeyTokens.DisplayPrefix(token));
    }

    [Theory]
    [InlineData("same", "same", true)]
    [InlineData("same", "Same", false)]
    [InlineData("short", "longer-secret", false)]
    [InlineData("", "", true)]
    public void Secret_comparison_is_exact(string a, string b, bool equal) =>
        Assert.Equal(equal, ApiKeyTokens.SecretEquals(a, b));

    [Theory]
    [InlineData(null, false)]
    [InlineData("too-short-to-be-a-secret", false)]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    public void The_root_key_needs_32_characters(string? configured, bool enabled)
    {
        var root = new RootAdminKey(configured);

        Assert.Equal(enabled, root.IsConfigured);
        Assert.Equal(enabled, configured is not null && root.Matches(configured));
        Assert.False(root.Matches("something else entirely, 32+ chars long"));
    }
}
