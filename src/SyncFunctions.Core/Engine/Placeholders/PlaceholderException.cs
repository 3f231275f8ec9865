namespace SyncFunctions.Core.Engine.Placeholders;

/// <summary>
/// A placeholder has no usable value (missing, null, or an object/array where text is needed). Never
/// rendered as an empty string: a request with a silently blank id or filter would fetch the wrong data.
/// <see cref="SyncEngineException.Kind"/> is <see cref="UpstreamErrorKind.Data"/> for parent-record fields
/// (that parent record is bad; its siblings are fine) and <see cref="UpstreamErrorKind.Config"/> otherwise.
/// </summary>
public sealed class PlaceholderException(string placeholder, string field, string reason, UpstreamErrorKind kind = UpstreamErrorKind.Config)
    : SyncEngineException(kind, EngineErrorCodes.UnresolvablePlaceholder, $"{placeholder} in {field} cannot be rendered: {reason}", field)
{
    /// <summary>The placeholder as written, e.g. <c>{{ args.user_id }}</c>.</summary>
    public string Placeholder { get; } = placeholder;

    public string Reason { get; } = reason;
}
