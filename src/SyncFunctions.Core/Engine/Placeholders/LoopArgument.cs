namespace SyncFunctions.Core.Engine.Placeholders;

/// <summary>Reads <c>loop_on</c>, which Truto lets people write several ways.</summary>
public static class LoopArgument
{
    /// <summary>
    /// The args property named by <paramref name="loopOn"/>: <c>user_ids</c>, <c>args.user_ids</c>,
    /// <c>{{args.user_ids}}</c> and <c>{{ args.user_ids }}</c> all give <c>user_ids</c>. Null when it is none of those.
    /// </summary>
    public static string? Name(string? loopOn)
    {
        if (string.IsNullOrWhiteSpace(loopOn))
        {
            return null;
        }

        var text = loopOn.Trim();
        if (text.StartsWith("{{", StringComparison.Ordinal) && text.EndsWith("}}", StringComparison.Ordinal) && text.Length >= 4)
        {
            text = text[2..^2].Trim();
        }
        if (text.StartsWith(PlaceholderRoots.Args + ".", StringComparison.Ordinal))
        {
            text = text[(PlaceholderRoots.Args.Length + 1)..];
        }

        return text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? text : null;
    }
}
