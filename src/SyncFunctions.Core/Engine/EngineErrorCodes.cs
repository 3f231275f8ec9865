namespace SyncFunctions.Core.Engine;

/// <summary>Stable codes carried by <see cref="SyncEngineException"/>; stored with runs and errors, so never rename one.</summary>
public static class EngineErrorCodes
{
    public const string MissingCredential = "missing_credential";
    public const string UnsupportedAuth = "unsupported_auth";
    public const string UnsupportedPagination = "unsupported_pagination";
    public const string UnresolvablePlaceholder = "unresolvable_placeholder";
    public const string InvalidTemplate = "invalid_template";
    public const string InvalidUrl = "invalid_url";
    public const string InvalidHeader = "invalid_header";
    public const string InvalidJobDefinition = "invalid_job_definition";
    public const string InvalidLoopArgument = "invalid_loop_argument";
    public const string RecordsNotArray = "records_not_array";
    public const string RecordNotFound = "record_not_found";
    public const string InvalidNextUrl = "invalid_next_url";
    public const string InvalidPaginationValue = "invalid_pagination_value";
    public const string UpstreamRejectedCredentials = "upstream_rejected_credentials";
    public const string UpstreamUnavailable = "upstream_unavailable";
    public const string UpstreamRejectedRequest = "upstream_rejected_request";
}
