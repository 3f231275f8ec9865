namespace SyncFunctions.Core.Engine.Validation;

/// <summary>
/// The <c>code</c> of a definition <see cref="Errors.FieldError"/>. <c>required</c>: missing or empty;
/// <c>invalid</c>: present but malformed, out of range or not one of the allowed values; <c>unknown</c>: names
/// something that does not exist (integration, resource, endpoint, depends_on target, args property).
/// </summary>
public static class ValidationCodes
{
    public const string Required = "required";
    public const string Invalid = "invalid";
    public const string Unknown = "unknown";
    public const string Ambiguous = "ambiguous";
    public const string Cycle = "cycle";
    public const string UnresolvablePlaceholder = "unresolvable_placeholder";

    /// <summary>A literal host that is loopback, private, link-local… (see <see cref="UpstreamUrlPolicy"/>).</summary>
    public const string ForbiddenHost = "forbidden_host";

    /// <summary>A JSON Schema <c>$ref</c> that leaves the document (a URL or a file): the hub fetches nothing a schema names.</summary>
    public const string RemoteReference = "remote_reference";

    /// <summary>A regular expression that is not valid, or that the linear-time engine cannot run (backreferences, lookarounds).</summary>
    public const string UnsafePattern = "unsafe_pattern";
}
