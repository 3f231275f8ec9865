using System.Text;
using System.Text.Json;

namespace SyncFunctions.Tests.Fuzz;

/// <summary>
/// JSON as text fragments, so a fuzzed body can carry what no serializer writes (a lone surrogate escape, a number
/// beyond every .NET type, a duplicate key) next to the well-formed parts of a route's real body.
/// </summary>
internal abstract record JsonText
{
    public abstract void Write(StringBuilder text);

    public sealed override string ToString()
    {
        var text = new StringBuilder();
        Write(text);
        return text.ToString();
    }

    public static JsonText Parse(string json) => From(JsonDocument.Parse(json).RootElement);

    private static JsonText From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new Obj([.. element.EnumerateObject().Select(p => (p.Name, From(p.Value)))]),
        JsonValueKind.Array => new Arr([.. element.EnumerateArray().Select(From)]),
        _ => new Raw(element.GetRawText()),
    };

    public sealed record Raw(string Text) : JsonText
    {
        public override void Write(StringBuilder text) => text.Append(Text);
    }

    public sealed record Arr(IReadOnlyList<JsonText> Items) : JsonText
    {
        public override void Write(StringBuilder text)
        {
            text.Append('[');
            for (var i = 0; i < Items.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                Items[i].Write(text);
            }

            text.Append(']');
        }
    }

    public sealed record Obj(IReadOnlyList<(string Key, JsonText Value)> Members) : JsonText
    {
        public override void Write(StringBuilder text)
        {
            text.Append('{');
            for (var i = 0; i < Members.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(JsonSerializer.Serialize(Members[i].Key)).Append(':');
                Members[i].Value.Write(text);
            }

            text.Append('}');
        }
    }

    /// <summary>Every place in the tree, as the path of member and item indexes that reaches it.</summary>
    public IEnumerable<int[]> Places(int[]? at = null)
    {
        at ??= [];
        yield return at;
        var children = this switch
        {
            Obj o => o.Members.Select(m => m.Value).ToList(),
            Arr a => a.Items.ToList(),
            _ => [],
        };
        for (var i = 0; i < children.Count; i++)
        {
            foreach (var place in children[i].Places([.. at, i]))
            {
                yield return place;
            }
        }
    }

    /// <summary>The tree with the node at <paramref name="place"/> replaced (null: removed from its parent).</summary>
    public JsonText? With(ReadOnlySpan<int> place, JsonText? replacement)
    {
        if (place.Length == 0)
        {
            return replacement;
        }

        var index = place[0];
        var rest = place[1..].ToArray();
        return this switch
        {
            Obj o => new Obj([.. o.Members.SelectMany((m, i) => i != index ? [m] : m.Value.With(rest, replacement) is { } v ? [(m.Key, v)] : Array.Empty<(string, JsonText)>())]),
            Arr a => new Arr([.. a.Items.SelectMany((item, i) => i != index ? [item] : item.With(rest, replacement) is { } v ? [v] : Array.Empty<JsonText>())]),
            _ => this,
        };
    }

    /// <summary>The tree with a member added to the object at <paramref name="place"/> (nothing when it is no object).</summary>
    public JsonText Adding(ReadOnlySpan<int> place, string key, JsonText value)
    {
        if (place.Length == 0)
        {
            return this is Obj o ? new Obj([.. o.Members, (key, value)]) : this;
        }

        var index = place[0];
        var rest = place[1..].ToArray();
        return this switch
        {
            Obj o => new Obj([.. o.Members.Select((m, i) => i == index ? (m.Key, m.Value.Adding(rest, key, value)) : m)]),
            Arr a => new Arr([.. a.Items.Select((item, i) => i == index ? item.Adding(rest, key, value) : item)]),
            _ => this,
        };
    }
}
