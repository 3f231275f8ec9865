using System.Globalization;
using System.Text;

namespace SyncFunctions.Core.Engine;

/// <summary>
/// Folds the Unicode spellings of a host that IDNA maps to ASCII (full-width and other decimal digits, circled and
/// superscript numbers, full-width letters, ideographic full stops) and decodes punycode labels, so <c>１０.０.０.１</c>
/// reads as <c>10.0.0.1</c>. Done here rather than by <see cref="IdnMapping"/>, which maps nothing when the app runs
/// with invariant globalization (as it does), while resolvers and other tools may still map.
/// </summary>
internal static class HostSpelling
{
    public static string Fold(string host)
    {
        var name = host.Contains("xn--", StringComparison.OrdinalIgnoreCase) ? Decode(host) : host;
        if (Ascii.IsValid(name))
        {
            return name.ToLowerInvariant();
        }

        var folded = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            folded.Append(FoldRune(rune));
        }
        return folded.ToString().ToLowerInvariant();
    }

    private static string FoldRune(Rune rune)
    {
        if (rune.IsAscii)
        {
            return rune.ToString();
        }
        switch (rune.Value)
        {
            case 0x3002 or 0xFF0E or 0xFF61:
                return ".";
            case >= 0xFF01 and <= 0xFF5E:
                // The full-width block mirrors printable ASCII.
                return ((char)(rune.Value - 0xFF01 + 0x21)).ToString();
        }
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.OtherNumber or UnicodeCategory.LetterNumber)
        {
            var value = Rune.GetNumericValue(rune);
            if (value >= 0 && value <= 50 && value == Math.Floor(value))
            {
                return ((int)value).ToString(CultureInfo.InvariantCulture);
            }
        }
        return rune.ToString();
    }

    private static string Decode(string host)
    {
        try
        {
            return new IdnMapping().GetUnicode(host.TrimEnd('.')) + (host.EndsWith('.') ? "." : "");
        }
        catch (ArgumentException)
        {
            return host;
        }
    }
}
