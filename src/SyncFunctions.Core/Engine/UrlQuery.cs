namespace SyncFunctions.Core.Engine;

/// <summary>Query-string edits on an already-encoded URL, without decoding and re-encoding what is there.</summary>
internal static class UrlQuery
{
    /// <summary>Sets <paramref name="name"/> to <paramref name="encodedValue"/>, replacing every existing occurrence.</summary>
    public static Uri Set(Uri url, string name, string encodedValue)
    {
        var encodedName = Uri.EscapeDataString(name);
        var query = url.Query.TrimStart('?');
        var pairs = query.Length == 0 ? [] : query.Split('&').Where(p => p.Length > 0 && NameOf(p) != encodedName).ToList();
        pairs.Add(encodedName + "=" + encodedValue);
        // String surgery rather than UriBuilder so the existing (already encoded) query is left byte for byte.
        return new Uri(url.GetLeftPart(UriPartial.Path) + "?" + string.Join('&', pairs));
    }

    /// <summary>Path (no query) plus pairs whose names are raw and values already encoded.</summary>
    public static string Compose(string pathUrl, IEnumerable<KeyValuePair<string, string>> encodedPairs)
    {
        var query = string.Join('&', encodedPairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + p.Value));
        return query.Length == 0 ? pathUrl : pathUrl + "?" + query;
    }

    private static string NameOf(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? pair : pair[..eq];
    }
}
