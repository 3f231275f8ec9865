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
}
