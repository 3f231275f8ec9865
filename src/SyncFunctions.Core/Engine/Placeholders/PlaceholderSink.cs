namespace SyncFunctions.Core.Engine.Placeholders;

/// <summary>Where a rendered template goes, which decides how values are encoded.</summary>
public enum PlaceholderSink
{
    /// <summary>As is (header values, the id itself). Values with CR or LF are refused so they cannot split a header.</summary>
    Raw,

    /// <summary>
    /// A URL path: the template's own text stays as written, each placeholder value is percent-encoded
    /// (<see cref="Uri.EscapeDataString(string)"/>) so <c>a/b?c</c> stays inside one segment.
    /// Empty values and <c>.</c>/<c>..</c> are refused: they would change which path is requested.
    /// </summary>
    PathSegment,

    /// <summary>
    /// A query parameter value: the whole rendered value is percent-encoded exactly once, so the result goes
    /// into the query string verbatim (<see cref="UpstreamRequestBuilder.SetEncodedQuery"/>).
    /// </summary>
    QueryValue,
}
