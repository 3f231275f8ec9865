using System.Text;

namespace SyncFunctions.Upstream;

/// <summary>
/// Keeps credentials out of everything the adapter emits: log lines, exception messages and the response it returns.
/// Masks the values of query parameters whose names look secret (and the auth parameter, whatever its name), and any
/// occurrence of a known secret value.
/// </summary>
internal sealed class SecretRedactor
{
    public const string Mask = "REDACTED";

    // Short values would mask ordinary text; secrets worth the name are longer.
    private const int MinSecretLength = 6;

    private static readonly string[] SecretNameParts = ["token", "key", "secret", "password", "passwd", "pwd", "signature", "credential", "auth"];

    private readonly string[] _secrets;
    private readonly string? _authQueryName;

    public SecretRedactor(IEnumerable<string?> secrets, string? authQueryName = null)
    {
        _authQueryName = authQueryName;
        _secrets = [.. secrets
            .Where(s => s is { Length: >= MinSecretLength })
            .SelectMany(s => new[] { s!, Uri.EscapeDataString(s!) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)];
    }

    public static SecretRedactor None { get; } = new([]);

    /// <summary>The secret values (raw and URL-escaped), longest first.</summary>
    public IReadOnlyList<string> Secrets => _secrets;

    public static bool IsSecretName(string name)
    {
        var lower = name.ToLowerInvariant();
        return SecretNameParts.Any(part => lower.Contains(part, StringComparison.Ordinal));
    }

    /// <summary>The URL with secret-looking query values and known secrets masked.</summary>
    public string Url(Uri url)
    {
        var text = url.IsAbsoluteUri ? url.AbsoluteUri : url.OriginalString;
        var queryStart = text.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            var fragmentStart = text.IndexOf('#', queryStart);
            var query = fragmentStart < 0 ? text[(queryStart + 1)..] : text[(queryStart + 1)..fragmentStart];
            var masked = string.Join('&', query.Split('&').Select(MaskPair));
            text = text[..(queryStart + 1)] + masked + (fragmentStart < 0 ? "" : text[fragmentStart..]);
        }
        return Text(text);
    }

    /// <summary>The text with every known secret value masked.</summary>
    public string Text(string text)
    {
        if (_secrets.Length == 0 || text.Length == 0)
        {
            return text;
        }
        StringBuilder? builder = null;
        foreach (var secret in _secrets)
        {
            if ((builder?.ToString() ?? text).Contains(secret, StringComparison.Ordinal))
            {
                builder ??= new StringBuilder(text);
                builder.Replace(secret, Mask);
            }
        }
        return builder?.ToString() ?? text;
    }

    /// <summary>True when <paramref name="utf8"/> contains a known secret (a cheap test before rewriting a body).</summary>
    public bool Occurs(ReadOnlySpan<byte> utf8)
    {
        foreach (var secret in _secrets)
        {
            if (utf8.IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The URL without the auth query parameter and with known secrets masked, for handing back to the engine (which re-applies auth itself).</summary>
    public Uri WithoutAuthQuery(Uri url) => new(Text(StripAuthQuery(url).AbsoluteUri));

    /// <summary>The URL without the auth query parameter, otherwise byte for byte.</summary>
    public Uri StripAuthQuery(Uri url)
    {
        if (_authQueryName is null || url.Query.Length <= 1)
        {
            return url;
        }
        var encodedName = Uri.EscapeDataString(_authQueryName);
        var pairs = url.Query[1..].Split('&').Where(p => p.Length > 0 && !NameOf(p).Equals(encodedName, StringComparison.Ordinal)).ToList();
        var path = url.GetLeftPart(UriPartial.Path);
        return new Uri(pairs.Count == 0 ? path : path + "?" + string.Join('&', pairs));
    }

    private string MaskPair(string pair)
    {
        var name = NameOf(pair);
        var decoded = Uri.UnescapeDataString(name);
        var secret = IsSecretName(decoded) || (_authQueryName is not null && decoded.Equals(_authQueryName, StringComparison.Ordinal));
        return secret && pair.Length > name.Length ? name + "=" + Mask : pair;
    }

    private static string NameOf(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? pair : pair[..eq];
    }
}
