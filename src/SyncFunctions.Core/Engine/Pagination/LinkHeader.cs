using System.Text;

namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>One link of an RFC 8288 <c>Link</c> header: the target as written and its parameters (names lower-cased).</summary>
public sealed record LinkValue(string Target, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The relation types: <c>rel="next last"</c> → <c>next</c>, <c>last</c> (lower-cased).</summary>
    public IReadOnlyList<string> Relations =>
        Parameters.TryGetValue("rel", out var rel)
            ? rel.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(r => r.ToLowerInvariant()).ToList()
            : [];
}

/// <summary>
/// RFC 8288 <c>Link</c> header parsing: several links per header and several headers, <c>&lt;…&gt;</c> targets
/// that may contain commas and semicolons, quoted or bare parameter values with escapes, relation lists.
/// Malformed links are skipped rather than failing the page: pagination only needs to find <c>next</c>.
/// </summary>
public static class LinkHeader
{
    public static IReadOnlyList<LinkValue> Parse(string? header)
    {
        var links = new List<LinkValue>();
        if (string.IsNullOrEmpty(header))
        {
            return links;
        }

        var i = 0;
        while (i < header.Length)
        {
            SkipWhile(header, ref i, c => c is ',' or ' ' or '\t');
            if (i >= header.Length)
            {
                break;
            }
            if (header[i] != '<')
            {
                SkipPastLink(header, ref i);
                continue;
            }

            var close = header.IndexOf('>', i + 1);
            if (close < 0)
            {
                break;
            }
            var target = header[(i + 1)..close].Trim();
            i = close + 1;
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var ok = ReadParameters(header, ref i, parameters);
            if (ok)
            {
                links.Add(new LinkValue(target, parameters));
            }
            else
            {
                SkipPastLink(header, ref i);
            }
        }
        return links;
    }

    /// <summary>The target of the first link with relation <paramref name="relation"/> across all <paramref name="headers"/>, as written.</summary>
    public static string? FindTarget(IEnumerable<string> headers, string relation) =>
        headers.SelectMany(Parse).FirstOrDefault(l => l.Relations.Contains(relation.ToLowerInvariant()))?.Target;

    private static bool ReadParameters(string s, ref int i, Dictionary<string, string> parameters)
    {
        while (true)
        {
            SkipWhile(s, ref i, c => c is ' ' or '\t');
            if (i >= s.Length || s[i] == ',')
            {
                return true;
            }
            if (s[i] != ';')
            {
                return false;
            }
            i++;
            SkipWhile(s, ref i, c => c is ' ' or '\t');
            var nameStart = i;
            SkipWhile(s, ref i, c => c is not ('=' or ';' or ',' or ' ' or '\t'));
            var name = s[nameStart..i].ToLowerInvariant();
            SkipWhile(s, ref i, c => c is ' ' or '\t');
            var value = "";
            if (i < s.Length && s[i] == '=')
            {
                i++;
                SkipWhile(s, ref i, c => c is ' ' or '\t');
                if (i < s.Length && s[i] == '"')
                {
                    if (!ReadQuoted(s, ref i, out value))
                    {
                        return false;
                    }
                }
                else
                {
                    var valueStart = i;
                    SkipWhile(s, ref i, c => c is not (';' or ','));
                    value = s[valueStart..i].Trim();
                }
            }
            // RFC 8288 §3.3: occurrences after the first are ignored.
            if (name.Length > 0)
            {
                parameters.TryAdd(name, value);
            }
        }
    }

    private static bool ReadQuoted(string s, ref int i, out string value)
    {
        var text = new StringBuilder();
        i++; // opening quote
        while (i < s.Length)
        {
            var c = s[i++];
            if (c == '"')
            {
                value = text.ToString();
                return true;
            }
            if (c == '\\' && i < s.Length)
            {
                c = s[i++];
            }
            text.Append(c);
        }
        value = "";
        return false;
    }

    /// <summary>Moves past the rest of a malformed link: to the next comma outside quotes and angle brackets.</summary>
    private static void SkipPastLink(string s, ref int i)
    {
        var quoted = false;
        var bracketed = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (quoted)
            {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            }
            else if (bracketed)
            {
                if (c == '>') bracketed = false;
            }
            else if (c == '"') quoted = true;
            else if (c == '<') bracketed = true;
            else if (c == ',')
            {
                i++;
                return;
            }
        }
    }

    private static void SkipWhile(string s, ref int i, Func<char, bool> predicate)
    {
        while (i < s.Length && predicate(s[i]))
        {
            i++;
        }
    }
}
