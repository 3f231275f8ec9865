namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Whether one key sorts before another in Table Storage whatever its exact collation of non-ASCII
/// text: UTF-16 code units (Azurite, <see cref="StringComparison.Ordinal"/>), code points and UTF-8
/// bytes disagree only where two non-ASCII characters differ (surrogates against U+E000–U+FFFF).
/// Reads that conclude "absent" from a key's place in a range rely only on orders that are certain.
/// </summary>
public static class KeyOrder
{
    public static bool SurelyBefore(string a, string b)
    {
        var common = Math.Min(a.Length, b.Length);
        for (var i = 0; i < common; i++)
        {
            if (a[i] != b[i])
            {
                return a[i] < b[i] && char.IsAscii(a[i]);
            }
        }

        return a.Length < b.Length;
    }

    public static bool SurelyAtOrBefore(string a, string b) => a == b || SurelyBefore(a, b);
}
