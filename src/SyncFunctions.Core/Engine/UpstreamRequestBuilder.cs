namespace SyncFunctions.Core.Engine;

/// <summary>
/// The request being assembled: <see cref="RequestBuilder"/> fills in the endpoint, then the paginator adds
/// its parameters or swaps in a next-page URL. Query values are stored encoded, so each is encoded exactly once.
/// </summary>
public sealed class UpstreamRequestBuilder
{
    private readonly List<KeyValuePair<string, string>> _query = [];
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="method">GET or POST.</param>
    /// <param name="pathUrl">Absolute URL of the endpoint without a query (base_url + rendered path).</param>
    public UpstreamRequestBuilder(string method, Uri pathUrl)
    {
        Method = method;
        PathUrl = pathUrl;
    }

    public string Method { get; }

    public Uri PathUrl { get; }

    /// <summary>Set by next_url / link_header pagination: the request goes to this URL as given, ignoring path and query.</summary>
    public Uri? VerbatimUrl { get; private set; }

    /// <summary>Raw names with encoded values, in the order they were first set.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> EncodedQuery => _query;

    public IReadOnlyDictionary<string, string> Headers => _headers;

    /// <summary>Sets a query parameter from a raw value (it is encoded here).</summary>
    public UpstreamRequestBuilder SetQuery(string name, string value) => SetEncodedQuery(name, Uri.EscapeDataString(value));

    /// <summary>Sets a query parameter whose value is already percent-encoded (as rendered for <see cref="Placeholders.PlaceholderSink.QueryValue"/>).</summary>
    public UpstreamRequestBuilder SetEncodedQuery(string name, string encodedValue)
    {
        var index = _query.FindIndex(p => p.Key == name);
        if (index >= 0)
        {
            _query[index] = new(name, encodedValue);
        }
        else
        {
            _query.Add(new(name, encodedValue));
        }
        return this;
    }

    public UpstreamRequestBuilder SetHeader(string name, string value)
    {
        _headers[name] = value;
        return this;
    }

    public UpstreamRequestBuilder UseVerbatimUrl(Uri url)
    {
        VerbatimUrl = url.IsAbsoluteUri ? url : throw new ArgumentException("A verbatim URL must be absolute.", nameof(url));
        return this;
    }

    public UpstreamRequest Build()
    {
        var url = VerbatimUrl ?? new Uri(UrlQuery.Compose(PathUrl.GetLeftPart(UriPartial.Path), _query));
        return new UpstreamRequest(Method, url, new Dictionary<string, string>(_headers, StringComparer.OrdinalIgnoreCase));
    }
}
