namespace SyncFunctions.Upstream;

/// <summary>Response and content headers as one case-insensitive map, repeated values joined with ", ".</summary>
internal static class ResponseHeaders
{
    /// <remarks>Upstreams echo our query (api key included) in <c>Link</c> and <c>Location</c>; known secrets are masked.</remarks>
    public static IReadOnlyDictionary<string, string> From(HttpResponseMessage response, SecretRedactor redactor)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            var value = redactor.Text(string.Join(", ", values));
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }
        return headers;
    }
}
