namespace SyncFunctions.Core.Engine.Placeholders;

/// <summary>
/// One <c>{{ … }}</c> in a template. <see cref="Segments"/> is the dotted expression split up:
/// <c>{{ args.user.id }}</c> → <c>["args", "user", "id"]</c>; a numeric segment indexes an array.
/// </summary>
public sealed record PlaceholderReference(string Text, IReadOnlyList<string> Segments)
{
    /// <summary>The expression without braces or whitespace, e.g. <c>args.user.id</c>.</summary>
    public string Expression => string.Join('.', Segments);

    /// <summary>The first segment: <c>args</c>, <c>resources</c>, <c>account</c>, <c>previous_run_date</c> or <c>id</c> when valid.</summary>
    public string Root => Segments[0];

    /// <summary>The segments after the root.</summary>
    public IReadOnlyList<string> Rest => Segments.Skip(1).ToList();

    public override string ToString() => Text;
}
