namespace SyncFunctions.Core.Errors;

/// <summary>Stable error codes: clients branch on these, so never rename one.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string InvalidJson = "invalid_json";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string InvalidCursor = "invalid_cursor";
    public const string NotFound = "not_found";
    public const string Unauthorized = "unauthorized";
    public const string InsufficientScope = "insufficient_scope";
    public const string RootAdminRequired = "root_admin_required";
    public const string EnvironmentKeyRequired = "environment_key_required";
    public const string UnrestrictedKeyRequired = "unrestricted_key_required";
    public const string Conflict = "conflict";

    /// <summary>The entity kept changing under a read-modify-write (an ETag conflict on every attempt); send the request again.</summary>
    public const string ConcurrentUpdate = "concurrent_update";

    /// <summary>Storage could not be reached or timed out; the answer is a 503 with Retry-After.</summary>
    public const string StorageUnavailable = "storage_unavailable";
    public const string InternalError = "internal_error";
}
