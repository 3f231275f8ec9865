namespace SyncFunctions.Core.Errors;

/// <summary>
/// A failure the caller can act on. The HTTP layer renders it as RFC 7807 problem+json, its status from
/// <see cref="Kind"/>; <see cref="Code"/> is the stable machine-readable part, <see cref="Field"/> names the offending input.
/// </summary>
public class ApiException(ProblemKind kind, string code, string title, string? detail = null, string? field = null, Exception? inner = null)
    : Exception(detail ?? title, inner)
{
    public ProblemKind Kind { get; } = kind;
    public string Code { get; } = code;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public string? Field { get; } = field;
    public IReadOnlyList<FieldError> Errors { get; init; } = [];

    /// <summary>Extra response headers, e.g. Retry-After or WWW-Authenticate.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static ApiException Validation(string field, string detail, string code = ErrorCodes.ValidationFailed) =>
        new(ProblemKind.Invalid, code, "The request is not valid.", detail, field)
        {
            Errors = [new FieldError(field, code, detail)],
        };

    public static ApiException Validation(IReadOnlyList<FieldError> errors) =>
        new(ProblemKind.Invalid, ErrorCodes.ValidationFailed, "The request is not valid.", errors[0].Message, errors[0].Field)
        {
            Errors = errors,
        };

    public static ApiException NotFound(string what, string? field = null) =>
        new(ProblemKind.NotFound, ErrorCodes.NotFound, "Not found.", $"{what} was not found.", field);

    public static ApiException Unauthorized(string detail) =>
        new(ProblemKind.Unauthenticated, ErrorCodes.Unauthorized, "Authentication is required.", detail)
        {
            Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer realm=\"syncfunctions\"" },
        };

    public static ApiException Forbidden(string code, string detail) =>
        new(ProblemKind.Forbidden, code, "The API key may not do this.", detail);

    public static ApiException Conflict(string code, string detail, string? field = null) =>
        new(ProblemKind.Conflict, code, "Conflict.", detail, field);
}

public sealed record FieldError(string Field, string Code, string Message);
