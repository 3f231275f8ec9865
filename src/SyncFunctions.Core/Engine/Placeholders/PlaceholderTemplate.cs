using System.Text;

namespace SyncFunctions.Core.Engine.Placeholders;

/// <summary>
/// A parsed template: literal text with <c>{{ expression }}</c> placeholders. Whitespace inside the braces
/// is ignored; the expression is dot-separated names (<c>[A-Za-z0-9_-]+</c>). An unclosed <c>{{</c> or a
/// malformed expression is a <see cref="FormatException"/>; a lone <c>}}</c> is literal text.
/// </summary>
public sealed class PlaceholderTemplate
{
    private readonly IReadOnlyList<Part> _parts;

    private PlaceholderTemplate(string text, IReadOnlyList<Part> parts)
    {
        Text = text;
        _parts = parts;
        References = parts.Where(p => p.Reference is not null).Select(p => p.Reference!).ToList();
    }

    public string Text { get; }

    /// <summary>The placeholders in order of appearance (repeats included).</summary>
    public IReadOnlyList<PlaceholderReference> References { get; }

    public static PlaceholderTemplate Parse(string template) =>
        TryParse(template, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse(string? template, out PlaceholderTemplate result, out string error)
    {
        template ??= "";
        result = new PlaceholderTemplate(template, []);
        var parts = new List<Part>();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new Part(template[i..], null));
                break;
            }
            if (open > i)
            {
                parts.Add(new Part(template[i..open], null));
            }
            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{{{{' at position {open} is never closed with '}}}}'.";
                return false;
            }
            var text = template[open..(close + 2)];
            if (!TryParseExpression(template[(open + 2)..close], out var segments, out var problem))
            {
                error = $"{text} at position {open}: {problem}";
                return false;
            }
            parts.Add(new Part(null, new PlaceholderReference(text, segments)));
            i = close + 2;
        }

        result = new PlaceholderTemplate(template, parts);
        error = "";
        return true;
    }

    /// <summary>Renders with <paramref name="context"/>, encoding for <paramref name="sink"/>; <paramref name="field"/> names the template in errors.</summary>
    /// <exception cref="PlaceholderException">A placeholder has no usable value.</exception>
    public string Render(PlaceholderContext context, PlaceholderSink sink, string field)
    {
        var output = new StringBuilder(Text.Length);
        foreach (var part in _parts)
        {
            if (part.Reference is null)
            {
                output.Append(part.Literal);
                continue;
            }

            var value = context.Resolve(part.Reference, field);
            output.Append(sink switch
            {
                PlaceholderSink.PathSegment => EncodePathValue(part.Reference, value, field),
                PlaceholderSink.Raw when value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 =>
                    throw new PlaceholderException(part.Reference.Text, field, "the value contains a line break."),
                _ => value,
            });
        }

        var rendered = output.ToString();
        return sink == PlaceholderSink.QueryValue ? Uri.EscapeDataString(rendered) : rendered;
    }

    private static string EncodePathValue(PlaceholderReference reference, string value, string field)
    {
        // Uri compacts dot segments, so a value of ".." would silently request the parent path.
        if (value is "" or "." or "..")
        {
            throw new PlaceholderException(reference.Text, field, value.Length == 0
                ? "the value is empty, which would leave an empty path segment."
                : $"'{value}' is not allowed in a URL path.");
        }
        return Uri.EscapeDataString(value);
    }

    private static bool TryParseExpression(string inner, out IReadOnlyList<string> segments, out string problem)
    {
        segments = [];
        var expression = inner.Trim();
        if (expression.Length == 0)
        {
            problem = "the placeholder is empty.";
            return false;
        }

        var parts = expression.Split('.');
        foreach (var part in parts)
        {
            if (part.Length == 0 || !part.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                problem = $"'{expression}' is not a dotted name like args.user_id (letters, digits, _ and - separated by dots).";
                return false;
            }
        }

        segments = parts;
        problem = "";
        return true;
    }

    private sealed record Part(string? Literal, PlaceholderReference? Reference);
}
