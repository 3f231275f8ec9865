using System.Text;

namespace SyncFunctions.DemoUpstream;

/// <summary>Absolute URLs back to the same list with some parameters replaced, for <c>next</c> links and Link headers.</summary>
internal static class RequestUrls
{
    /// <summary>Keeps every other parameter (filters, <c>api_key</c>) so following the link needs nothing else.</summary>
    public static string With(HttpRequest request, params (string Name, string Value)[] replacements)
    {
        var pairs = request.Query
            .Where(p => !Contains(replacements, p.Key))
            .SelectMany(p => p.Value.Select(v => (Name: p.Key, Value: v ?? "")))
            .ToList();
        foreach (var replacement in replacements) pairs.Add(replacement);

        var url = new StringBuilder()
            .Append(request.Scheme).Append("://").Append(request.Host.Value)
            .Append(request.PathBase.Value).Append(request.Path.Value);
        for (var i = 0; i < pairs.Count; i++)
        {
            url.Append(i == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(pairs[i].Name)).Append('=').Append(Uri.EscapeDataString(pairs[i].Value));
        }
        return url.ToString();
    }

    private static bool Contains((string Name, string Value)[] replacements, string name)
    {
        foreach (var replacement in replacements)
        {
            if (string.Equals(replacement.Name, name, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
