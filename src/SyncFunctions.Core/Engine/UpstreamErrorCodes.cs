namespace SyncFunctions.Core.Engine;

/// <summary>
/// Stable codes for what the HTTP adapter finds wrong with an upstream answer or address, beside
/// <see cref="EngineErrorCodes"/> (stored with runs and errors, so never rename one).
/// </summary>
public static class UpstreamErrorCodes
{
    /// <summary>A 2xx answer whose content type is not JSON (an HTML error page from a proxy, say).</summary>
    public const string NotJson = "upstream_not_json";

    /// <summary>A 2xx JSON answer that does not parse: malformed or truncated.</summary>
    public const string InvalidJson = "upstream_invalid_json";

    /// <summary>The answer is larger than the adapter will buffer.</summary>
    public const string ResponseTooLarge = "upstream_response_too_large";

    /// <summary>The host is, or resolves to, an address the SSRF policy refuses (loopback, private, link-local ...).</summary>
    public const string AddressRefused = "upstream_address_refused";

    /// <summary>A redirect the adapter will not follow: too many, no usable Location, or https to http.</summary>
    public const string InvalidRedirect = "upstream_invalid_redirect";
}
