using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Tests.Paging;

public sealed class PageLimitsTests
{
    [Theory]
    [InlineData(null, 50)]
    [InlineData("", 50)]
    [InlineData("1", 1)]
    [InlineData("200", 200)]
    public void Valid_limits(string? raw, int expected) => Assert.Equal(expected, PageLimits.Resolve(raw));

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5.0")]
    [InlineData("99999999999")]
    public void Invalid_limits_name_the_field(string raw)
    {
        var ex = Assert.Throws<ApiException>(() => PageLimits.Resolve(raw));
        Assert.Equal(ProblemKind.Invalid, ex.Kind);
        Assert.Equal("limit", ex.Field);
    }
}
