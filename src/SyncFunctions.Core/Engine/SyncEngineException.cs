using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.Engine;

/// <summary>
/// A failure of the sync engine with a <see cref="Kind"/> the orchestration branches on and a stable
/// <see cref="Code"/> (see <see cref="EngineErrorCodes"/>) for the run's <c>error_code</c> and the error ledger.
/// </summary>
public class SyncEngineException(UpstreamErrorKind kind, string code, string message, string? field = null, Exception? inner = null)
    : Exception(message, inner)
{
    public UpstreamErrorKind Kind { get; } = kind;

    public string Code { get; } = code;

    /// <summary>The definition or args field at fault, when there is one (e.g. <c>auth.token_url</c>, <c>query.user_id</c>).</summary>
    public string? Field { get; } = field;

    /// <summary>Every problem, when there were several (e.g. a sync job that fails validation at run time).</summary>
    public IReadOnlyList<FieldError> Errors { get; init; } = [];
}
