namespace SyncFunctions.Core.Engine;

/// <summary>Maps an upstream HTTP status to what the run should do about it.</summary>
public static class UpstreamErrorClassifier
{
    /// <summary>
    /// 401/403 → <see cref="UpstreamErrorKind.Auth"/>; 408, 425, 429 and 5xx → <see cref="UpstreamErrorKind.Transient"/>;
    /// 404 on a single-record <c>get</c> → <see cref="UpstreamErrorKind.Data"/> (that record is gone, the rest can go on);
    /// any other 4xx → <see cref="UpstreamErrorKind.Config"/> (the request we build is wrong). Null for 1xx–3xx.
    /// </summary>
    public static UpstreamErrorKind? ForStatus(int status, bool singleRecord = false) => status switch
    {
        < 400 => null,
        401 or 403 => UpstreamErrorKind.Auth,
        408 or 425 or 429 or >= 500 => UpstreamErrorKind.Transient,
        404 or 410 when singleRecord => UpstreamErrorKind.Data,
        _ => UpstreamErrorKind.Config,
    };
}
