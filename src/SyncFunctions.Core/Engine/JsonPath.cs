using System.Text;
using System.Text.Json.Nodes;

namespace SyncFunctions.Core.Engine;

/// <summary>
/// The small JSONPath subset definitions use: <c>$</c>, <c>$.a.b</c>, <c>$.a[0].b</c>, <c>$['a-b']</c>,
/// <c>$["a"]</c>. No wildcards, filters or recursive descent: each path names at most one node, so
/// selecting is a walk, not a search. Parse once (<see cref="Parse"/>), select many times.
/// </summary>
public sealed class JsonPath
{
    private readonly IReadOnlyList<Step> _steps;

    private JsonPath(string text, IReadOnlyList<Step> steps)
    {
        Text = text;
        _steps = steps;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>The root path <c>$</c>.</summary>
    public static JsonPath Root { get; } = new("$", []);

    /// <summary>True for <c>$</c> itself.</summary>
    public bool IsRoot => _steps.Count == 0;

    /// <summary>Parses a path that starts with <c>$</c>; throws <see cref="FormatException"/> with the position of the problem.</summary>
    public static JsonPath Parse(string path) =>
        TryParse(path, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse(string? path, out JsonPath result, out string error) =>
        TryParseCore(path, requireRoot: true, out result, out error);

    /// <summary>
    /// Parses a field path as used by <c>id_field</c> / <c>updated_at_field</c>: <c>id</c>, <c>data.id</c>,
    /// <c>items[0].id</c> (relative to the record), or a full <c>$…</c> path.
    /// </summary>
    public static JsonPath ParseField(string field) =>
        TryParseField(field, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParseField(string? field, out JsonPath result, out string error) =>
        TryParseCore(field, requireRoot: false, out result, out error);

    /// <summary>The node at this path, or null when any step is missing (or the value there is JSON null).</summary>
    public JsonNode? Select(JsonNode? node)
    {
        foreach (var step in _steps)
        {
            node = (node, step.Name) switch
            {
                (JsonObject obj, { } name) => obj.TryGetPropertyValue(name, out var child) ? child : null,
                (JsonArray array, null) => step.Index < array.Count ? array[step.Index] : null,
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }

    public override string ToString() => Text;

    private static bool TryParseCore(string? text, bool requireRoot, out JsonPath result, out string error)
    {
        result = Root;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A path is required.";
            return false;
        }

        var steps = new List<Step>();
        var i = 0;
        if (text[0] == '$')
        {
            i = 1;
        }
        else if (requireRoot)
        {
            error = $"'{text}' must start with '$' (e.g. '$', '$.data', '$.result.items').";
            return false;
        }
        else
        {
            // A bare field path ("data.id") reads as if it were "$.data.id".
            if (!TryReadName(text, ref i, steps, out error))
            {
                return false;
            }
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c == '.')
            {
                i++;
                if (!TryReadName(text, ref i, steps, out error))
                {
                    return false;
                }
            }
            else if (c == '[')
            {
                if (!TryReadBracket(text, ref i, steps, out error))
                {
                    return false;
                }
            }
            else
            {
                error = $"Unexpected '{c}' at position {i} in '{text}'.";
                return false;
            }
        }

        result = new JsonPath(text, steps);
        error = "";
        return true;
    }

    private static bool TryReadName(string text, ref int i, List<Step> steps, out string error)
    {
        var start = i;
        while (i < text.Length && IsNameChar(text[i]))
        {
            i++;
        }
        if (i == start)
        {
            error = i < text.Length
                ? $"Expected a property name at position {i} in '{text}' (use ['{text[i]}…'] for names with other characters)."
                : $"'{text}' ends where a property name is expected.";
            return false;
        }
        steps.Add(new Step(text[start..i], 0));
        error = "";
        return true;
    }

    private static bool TryReadBracket(string text, ref int i, List<Step> steps, out string error)
    {
        var open = i;
        i++; // '['
        if (i < text.Length && (text[i] == '\'' || text[i] == '"'))
        {
            var quote = text[i++];
            var name = new StringBuilder();
            while (i < text.Length && text[i] != quote)
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                }
                name.Append(text[i++]);
            }
            if (i + 1 >= text.Length || text[i + 1] != ']')
            {
                error = $"Unclosed [ at position {open} in '{text}'.";
                return false;
            }
            i += 2;
            steps.Add(new Step(name.ToString(), 0));
            error = "";
            return true;
        }

        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        if (i == start || i >= text.Length || text[i] != ']' || i - start > 9)
        {
            error = $"Expected an array index like [0] or a quoted name like ['a-b'] at position {open} in '{text}' (wildcards and filters are not supported).";
            return false;
        }
        steps.Add(new Step(null, int.Parse(text.AsSpan(start, i - start), System.Globalization.CultureInfo.InvariantCulture)));
        i++;
        error = "";
        return true;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '@' or '$';

    /// <summary>A property name, or (when <see cref="Name"/> is null) an array index.</summary>
    private readonly record struct Step(string? Name, int Index);
}
