using System.Collections;
using Microsoft.AspNetCore.WebUtilities;

namespace SyncFunctions.DemoUpstream;

/// <summary>One request as the upstream saw it.</summary>
/// <param name="StatusCode">Status sent; 0 when no response was sent (a hang the client gave up on, an abort).</param>
/// <param name="QueryString">Raw query without the leading <c>?</c>; empty when there was none.</param>
/// <param name="AuthPassed">False only when the request was refused with 401 (true on open servers and unauthenticated endpoints).</param>
/// <param name="AuthScheme"><c>bearer</c>, <c>oauth</c>, <c>basic</c> or <c>api_key</c> when credentials were accepted; else null.</param>
/// <param name="Fault">The injected fault, if a rule fired for this request.</param>
public sealed record RequestLogEntry(
    DateTimeOffset Time,
    string Method,
    string Path,
    string QueryString,
    int StatusCode,
    bool AuthPassed,
    string? AuthScheme,
    Fault? Fault)
{
    /// <summary>Decoded value of one query parameter, or null.</summary>
    public string? Query(string name) =>
        QueryHelpers.ParseQuery(QueryString).TryGetValue(name, out var values) ? values.ToString() : null;

    public string PathAndQuery => QueryString.Length == 0 ? Path : $"{Path}?{QueryString}";
}

/// <summary>
/// Every request, in arrival order of their responses. Entries are added just before the response starts, so once a
/// client has its status line the entry is already here.
/// </summary>
public sealed class RequestLog : IReadOnlyCollection<RequestLogEntry>
{
    private readonly object _gate = new();
    private readonly List<RequestLogEntry> _entries = [];

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>Entries whose path starts with <paramref name="pathPrefix"/>.</summary>
    public IReadOnlyList<RequestLogEntry> ForPath(string pathPrefix) =>
        [.. this.Where(e => e.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase))];

    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }

    public IEnumerator<RequestLogEntry> GetEnumerator()
    {
        RequestLogEntry[] copy;
        lock (_gate) copy = [.. _entries];
        return ((IEnumerable<RequestLogEntry>)copy).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(RequestLogEntry entry)
    {
        lock (_gate) _entries.Add(entry);
    }
}
