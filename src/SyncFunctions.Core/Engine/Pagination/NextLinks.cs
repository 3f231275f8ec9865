namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>Turning a next-page link from a response into the URL to request.</summary>
internal static class NextLinks
{
    /// <summary>
    /// Resolves <paramref name="link"/> against the URL that was requested. The result must be on the same
    /// origin (scheme, host, port): credentials are attached to every page, so a response must not be able
    /// to send them, or the hub, somewhere else.
    /// </summary>
    public static Uri Resolve(string link, Uri requestUrl, string source)
    {
        if (!Uri.TryCreate(requestUrl, link.Trim(), out var next))
        {
            throw new UpstreamDataException(EngineErrorCodes.InvalidNextUrl, $"The next page link from {source} ('{link}') is not a URL.");
        }
        if (next.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(next.UserInfo))
        {
            throw new UpstreamDataException(EngineErrorCodes.InvalidNextUrl, $"The next page link from {source} ('{link}') is not a plain http(s) URL.");
        }
        if (Uri.Compare(next, requestUrl, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new UpstreamDataException(EngineErrorCodes.InvalidNextUrl,
                $"The next page link from {source} ('{next.GetLeftPart(UriPartial.Authority)}') leaves {requestUrl.GetLeftPart(UriPartial.Authority)}; pages must stay on the same origin.");
        }
        return next;
    }
}
