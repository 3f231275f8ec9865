using System.Text;
using System.Text.Json;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Http.Pipeline;

/// <summary>
/// JSON that parses but that .NET cannot hold: a string with a lone UTF-16 surrogate (<c>"\ud800"</c>) throws when it is
/// read, long after parsing, and an integer beyond 64 bits or a number beyond double's range breaks whatever reads it
/// as a number; a property named twice in one object throws where the body is read as a JsonObject (an args_schema,
/// run args), while elsewhere the last one silently wins. Checked once for every request body, so the answer is a 400
/// naming the field, not a 500 somewhere deep.
/// </summary>
public static class JsonInputCheck
{
    public const string InvalidString = "invalid_string";
    public const string NumberOutOfRange = "number_out_of_range";
    public const string DuplicateProperty = "duplicate_property";

    /// <exception cref="ApiException">400 with the first offending field.</exception>
    /// <exception cref="JsonException">The body is not well-formed JSON (the caller describes it).</exception>
    public static void Check(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var path = new JsonPathTracker();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (!CanRead(ref reader))
                    {
                        throw ApiException.Validation(path.Container, "A property name holds text that is not valid Unicode (a lone UTF-16 surrogate).", InvalidString);
                    }

                    if (!path.Property(reader.GetString()!))
                    {
                        throw ApiException.Validation(path.Current, "A property is named twice in the same object.", DuplicateProperty);
                    }

                    break;
                case JsonTokenType.String:
                    path.Value();
                    if (!CanRead(ref reader))
                    {
                        throw ApiException.Validation(path.Current, "The text is not valid Unicode (a lone UTF-16 surrogate).", InvalidString);
                    }

                    break;
                case JsonTokenType.Number:
                    path.Value();
                    if (!FitsDotNet(ref reader))
                    {
                        throw ApiException.Validation(path.Current, "Numbers must be integers within 64 bits (±9223372036854775807) or finite decimals.", NumberOutOfRange);
                    }

                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    path.Value();
                    path.Enter(reader.TokenType == JsonTokenType.StartArray);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    path.Leave();
                    break;
                default:
                    path.Value();
                    break;
            }
        }
    }

    private static bool CanRead(ref Utf8JsonReader reader)
    {
        // Only escapes can spell a lone surrogate; raw invalid UTF-8 is already refused by the reader.
        if (!reader.ValueIsEscaped)
        {
            return true;
        }

        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool FitsDotNet(ref Utf8JsonReader reader)
    {
        // A span reader over one buffer never has a value sequence.
        var isInteger = reader.ValueSpan.IndexOfAny(".eE"u8) < 0;
        return isInteger ? reader.TryGetInt64(out _) : reader.TryGetDouble(out var value) && double.IsFinite(value);
    }

    /// <summary>The dotted path of the value being read (<c>args.ids[1]</c>), as the problem's <c>field</c>.</summary>
    private sealed class JsonPathTracker
    {
        private readonly List<Frame> _frames = [];

        public string Current => Render(includeLast: true);

        /// <summary>The object whose property name is being read.</summary>
        public string Container => Render(includeLast: false);

        /// <summary>A value starts: inside an array, that is the next index.</summary>
        public void Value()
        {
            if (_frames.Count > 0 && _frames[^1].IsArray)
            {
                _frames[^1].Index++;
            }
        }

        public void Enter(bool isArray) => _frames.Add(new Frame(isArray));

        public void Leave() => _frames.RemoveAt(_frames.Count - 1);

        /// <summary>False when the object already had a property of this name.</summary>
        public bool Property(string name)
        {
            var frame = _frames[^1];
            frame.Name = name;
            return (frame.Names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
        }

        private string Render(bool includeLast)
        {
            var text = new StringBuilder();
            var count = includeLast ? _frames.Count : _frames.Count - 1;
            for (var i = 0; i < count; i++)
            {
                var frame = _frames[i];
                if (frame.IsArray)
                {
                    text.Append('[').Append(frame.Index).Append(']');
                }
                else if (frame.Name is not null)
                {
                    text.Append(text.Length == 0 ? "" : ".").Append(frame.Name);
                }
            }

            return text.Length == 0 ? "body" : text.ToString();
        }

        private sealed class Frame(bool isArray)
        {
            public bool IsArray { get; } = isArray;
            public string? Name { get; set; }
            public HashSet<string>? Names { get; set; }
            public int Index { get; set; } = -1;
        }
    }
}
