using System.Security.Cryptography;
using System.Text;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Tests.Paging;

public sealed class CursorCodecTests
{
    private readonly CursorCodec _codec = new(CursorCodec.DeriveKey(RandomNumberGenerator.GetBytes(32), "test"));

    [Fact]
    public void A_cursor_round_trips_its_state_and_hides_nothing_needed_outside()
    {
        var cursor = _codec.Encode("runs:env-1", "1!48!cGs-1!48!cms-");

        Assert.Equal("1!48!cGs-1!48!cms-", _codec.Decode("runs:env-1", cursor));
        Assert.DoesNotContain('+', cursor);
        Assert.DoesNotContain('/', cursor);
        Assert.DoesNotContain('=', cursor);
    }

    [Fact]
    public void No_cursor_means_the_first_page() =>
        Assert.Null(_codec.Decode("runs", null));

    [Fact]
    public void A_cursor_for_another_list_is_invalid()
    {
        var cursor = _codec.Encode("runs:env-1", "state");

        var ex = Assert.Throws<ApiException>(() => _codec.Decode("runs:env-2", cursor));
        Assert.Equal(ProblemKind.Invalid, ex.Kind);
        Assert.Equal(ErrorCodes.InvalidCursor, ex.Code);
        Assert.Equal("cursor", ex.Field);
    }

    [Fact]
    public void A_cursor_signed_with_another_key_is_invalid()
    {
        var other = new CursorCodec(RandomNumberGenerator.GetBytes(32));
        var cursor = other.Encode("runs", "state");

        Assert.Throws<ApiException>(() => _codec.Decode("runs", cursor));
    }

    [Fact]
    public void Every_single_character_change_is_detected()
    {
        var cursor = _codec.Encode("runs", "some-state-value");
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (var i = 0; i < cursor.Length; i++)
        {
            var replacement = alphabet.First(c => c != cursor[i]);
            var forged = cursor[..i] + replacement + cursor[(i + 1)..];
            var ex = Record.Exception(() => _codec.Decode("runs", forged));
            Assert.True(ex is ApiException { Code: ErrorCodes.InvalidCursor }, $"position {i}: {ex?.GetType().Name ?? "accepted"}");
        }
    }

    [Theory]
    [InlineData("x")]
    [InlineData(".")]
    [InlineData("abc.")]
    [InlineData("!!!.???")]
    [InlineData("e30.e30")]
    public void Garbage_is_invalid(string cursor) =>
        Assert.Equal(ErrorCodes.InvalidCursor, Assert.Throws<ApiException>(() => _codec.Decode("runs", cursor)).Code);

    [Fact]
    public void Derived_keys_differ_by_purpose_and_need_32_bytes()
    {
        var master = Encoding.UTF8.GetBytes(new string('k', 32));
        Assert.NotEqual(CursorCodec.DeriveKey(master, "a"), CursorCodec.DeriveKey(master, "b"));
        Assert.Equal(CursorCodec.DeriveKey(master, "a"), CursorCodec.DeriveKey(master, "a"));
        Assert.Throws<ArgumentException>(() => new CursorCodec(new byte[16]));
    }
}
