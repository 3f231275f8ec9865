using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using SyncFunctions.Storage.Tables;

namespace SyncFunctions.Tests.Records;

/// <summary>Record RowKeys: one key per id and back, and numeric ids in numeric order.</summary>
public sealed class RecordKeysTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static readonly string[] Seams =
    [
        "0", "00", "007", "-1", "+1", "1.0", "1e3", " 1", "١٢", // not canonical: Arabic-Indic digits, signs, padding
        "!", "!!", "!0", "!019", "!0210", "!!019", "!a", "%", "%21", "100%", "a/b", "x#y", "q?", "b\\s", "tab\t",
        "ü", "é1", "🚀", "\uE000x", "\uD83D\uDE80a", new string('9', 99), new string('9', 100), "1" + new string('0', 98),
    ];

    /// <summary>Ids that probe the encoding's seams, mixed with arbitrary strings.</summary>
    public static Gen<string> Ids { get; } = Gen.OneOf(
        Gen.Choose(0, 300).Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Elements(Seams),
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));

    [Fact]
    public void Every_id_has_its_own_key_and_decodes_back()
    {
        Prop.ForAll(Ids.ListOf(100).ToArbitrary(), ids =>
        {
            Assert.All(ids, id => Assert.Equal(id, RecordKeys.Decode(RecordKeys.Encode(id))));
            Assert.Equal(ids.Distinct(StringComparer.Ordinal).Count(), ids.Select(RecordKeys.Encode).Distinct(StringComparer.Ordinal).Count());
        }).Check(Runs);
    }

    [Fact]
    public void The_seams_and_the_first_thousand_numbers_have_distinct_keys()
    {
        var ids = Seams.Concat(Enumerable.Range(0, 1_000).Select(i => i.ToString(CultureInfo.InvariantCulture))).Distinct(StringComparer.Ordinal).ToList();

        Assert.Equal(ids.Count, ids.Select(RecordKeys.Encode).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Canonical_non_negative_integers_sort_numerically()
    {
        var numbers = Gen.OneOf(Gen.Choose(0, 5_000).Select(i => new BigInteger(i)), Gen.Choose(1, 99).SelectMany(digits =>
            Gen.Choose(0, 9).ListOf(digits).Select(d => BigInteger.Parse("1" + string.Concat(d.Skip(1)), CultureInfo.InvariantCulture))));
        Prop.ForAll(numbers.Two().ToArbitrary(), pair =>
        {
            var (a, b) = pair;
            var order = string.CompareOrdinal(RecordKeys.Encode(a.ToString(CultureInfo.InvariantCulture)), RecordKeys.Encode(b.ToString(CultureInfo.InvariantCulture)));
            Assert.Equal(a.CompareTo(b), Math.Sign(order));
        }).Check(Runs);
    }

    [Theory]
    [InlineData("9", "!019")]
    [InlineData("10", "!0210")]
    [InlineData("0", "!010")]
    [InlineData("007", "007")]
    [InlineData("!019", "!!019")]
    [InlineData("a/b", "a%2Fb")]
    public void Keys_look_like_this(string id, string key) => Assert.Equal(key, RecordKeys.Encode(id));

    [Fact]
    public void The_length_limit_is_the_stored_keys()
    {
        Assert.True(RecordKeys.Fits(RecordKeys.Encode(new string('k', 512))));
        Assert.False(RecordKeys.Fits(RecordKeys.Encode(new string('k', 513))));
        Assert.False(RecordKeys.Fits(RecordKeys.Encode(new string('/', 171)))); // 513 once escaped
        Assert.True(RecordKeys.Fits(RecordKeys.Encode(new string('7', 512)))); // too long for the numeric form: kept as is

        // The one id that fitted before and does not now: a leading '!' costs one character.
        Assert.False(RecordKeys.Fits(RecordKeys.Encode("!" + new string('k', 511))));
    }

    [Fact]
    public void Surely_before_agrees_with_ordinal_order_and_abstains_only_between_non_ascii_characters()
    {
        Prop.ForAll(Ids.Two().ToArbitrary(), pair =>
        {
            var (a, b) = pair;
            if (KeyOrder.SurelyBefore(a, b))
            {
                Assert.True(string.CompareOrdinal(a, b) < 0);
            }
            else if (string.CompareOrdinal(a, b) < 0)
            {
                var i = Enumerable.Range(0, Math.Min(a.Length, b.Length)).First(i => a[i] != b[i]);
                Assert.False(char.IsAscii(a[i]));
            }
        }).Check(Runs);
    }
}
