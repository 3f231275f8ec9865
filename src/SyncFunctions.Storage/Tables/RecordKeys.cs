using System.Globalization;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// A record id's RowKey in its scope's partition. A page's stored state is read as one RowKey range
/// (<see cref="StoredStateReader"/>) and upstreams page in id order, so keys must sort like the ids:
/// a canonical non-negative integer ("0", "7", "10": digits only, no leading zero, at most 99 of
/// them) becomes '!', its digit count in two digits, then the digits ("9" → "!019", "10" → "!0210"),
/// so numeric ids sort numerically. Every other id keeps its <see cref="TableKeyEncoding"/> key,
/// with one more '!' in front when that key starts with '!': a numeric key has a digit after its
/// '!', so no two ids share a key. '%' (the escape character) is never the marker, because keys
/// that start with '%' break single-entity and batch deletes on Azurite and older Azure endpoints.
/// </summary>
public static class RecordKeys
{
    private const char Marker = '!';
    private const int MaxNumericDigits = 99;

    public static string Encode(string id)
    {
        if (IsCanonicalNumber(id))
        {
            return Marker + id.Length.ToString("D2", CultureInfo.InvariantCulture) + id;
        }

        var key = TableKeyEncoding.Encode(id);
        return key.StartsWith(Marker) ? Marker + key : key;
    }

    public static string Decode(string key) => key.Length > 1 && key[0] == Marker
        ? key[1] == Marker ? TableKeyEncoding.Decode(key[1..]) : key[3..]
        : TableKeyEncoding.Decode(key);

    /// <summary>Whether Table Storage takes the key; a record whose key does not fit is rejected, never truncated.</summary>
    public static bool Fits(string key) => key.Length <= TableKeys.MaxLength;

    private static bool IsCanonicalNumber(string id) =>
        id.Length is > 0 and <= MaxNumericDigits && id.All(char.IsAsciiDigit) && (id.Length == 1 || id[0] != '0');
}
