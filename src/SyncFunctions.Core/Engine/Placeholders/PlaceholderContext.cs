using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncFunctions.Core.Engine.Placeholders;

/// <summary>
/// Everything placeholders can read while one unit of a sync job runs. Immutable: derive the context of a
/// loop unit or a child unit with <see cref="ForLoopItem"/> / <see cref="WithParent"/>.
/// </summary>
public sealed record PlaceholderContext
{
    private static readonly IReadOnlyDictionary<string, string> NoAccount = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, JsonNode?> NoParents = new Dictionary<string, JsonNode?>();

    /// <summary>The run's args (<c>{{args.x}}</c>).</summary>
    public JsonObject Args { get; init; } = [];

    /// <summary>The integrated account's variables (<c>{{account.x}}</c>).</summary>
    public IReadOnlyDictionary<string, string> Account { get; init; } = NoAccount;

    /// <summary>The current record of each ancestor resource, keyed by resource name (<c>crm/contacts</c>).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Parents { get; init; } = NoParents;

    /// <summary>
    /// <c>{{previous_run_date}}</c>. Null makes that placeholder an error; a run without a previous run should
    /// pass <see cref="DateTimeOffset.UnixEpoch"/> (as Truto does) if its templates use it.
    /// </summary>
    public DateTimeOffset? PreviousRunDate { get; init; }

    /// <summary><c>{{id}}</c>: the unit's id, already rendered.</summary>
    public string? Id { get; init; }

    /// <summary>The loop_on argument name of a loop unit (null outside a loop).</summary>
    public string? LoopArgument { get; init; }

    /// <summary>The current element of <see cref="LoopArgument"/>; <c>{{args.&lt;loop arg&gt;}}</c> resolves to it.</summary>
    public JsonNode? LoopItem { get; init; }

    /// <summary>A copy for one loop_on unit: <c>{{args.<paramref name="argument"/>…}}</c> reads <paramref name="item"/>.</summary>
    public PlaceholderContext ForLoopItem(string argument, JsonNode? item) => this with { LoopArgument = argument, LoopItem = item };

    /// <summary>A copy for a child unit: <paramref name="record"/> is the current record of <paramref name="resource"/>.</summary>
    public PlaceholderContext WithParent(string resource, JsonNode? record) =>
        this with { Parents = new Dictionary<string, JsonNode?>(Parents) { [resource] = record } };

    /// <summary>The ISO 8601 UTC form used for dates in requests: <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
    public static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The text a placeholder stands for (not yet encoded).</summary>
    /// <exception cref="PlaceholderException">No usable value.</exception>
    public string Resolve(PlaceholderReference reference, string field)
    {
        var segments = reference.Segments;
        switch (reference.Root)
        {
            case PlaceholderRoots.Args when segments.Count >= 2:
                if (LoopArgument is not null && segments[1] == LoopArgument)
                {
                    return Scalar(reference, field, Walk(LoopItem, segments, 2), "the current loop element");
                }
                return Scalar(reference, field, Walk(Args[segments[1]], segments, 2), "args");

            case PlaceholderRoots.Resources when segments.Count >= 2:
                return ResolveParent(reference, field);

            case PlaceholderRoots.Account when segments.Count == 2:
                return Account.TryGetValue(segments[1], out var variable)
                    ? variable
                    : throw new PlaceholderException(reference.Text, field, $"the integrated account has no variable '{segments[1]}'.");

            case PlaceholderRoots.PreviousRunDate when segments.Count == 1:
                return PreviousRunDate is { } date
                    ? FormatDate(date)
                    : throw new PlaceholderException(reference.Text, field, "there is no previous run date for this run.");

            case PlaceholderRoots.Id when segments.Count == 1:
                return Id ?? throw new PlaceholderException(reference.Text, field, "this resource entry has no id.");

            default:
                throw new PlaceholderException(reference.Text, field,
                    "it names nothing placeholders can read (args.…, resources.….…, account.…, previous_run_date, id).");
        }
    }

    private string ResolveParent(PlaceholderReference reference, string field)
    {
        // The resource name is written with dots ("crm/contacts" → resources.crm.contacts.id), so the
        // longest parent whose segments prefix the expression wins and the rest is the field path.
        var segments = reference.Segments;
        string? best = null;
        var bestLength = 0;
        foreach (var name in Parents.Keys)
        {
            var parts = name.Split('/');
            if (parts.Length > bestLength && parts.Length < segments.Count
                && parts.Select((p, i) => p == segments[i + 1]).All(match => match))
            {
                best = name;
                bestLength = parts.Length;
            }
        }

        if (best is null || segments.Count < bestLength + 2)
        {
            var known = Parents.Count == 0 ? "this unit has no parent record" : "parents here: " + string.Join(", ", Parents.Keys);
            throw new PlaceholderException(reference.Text, field,
                $"no parent resource matches ({known}); write resources.<parent with dots>.<field>.", UpstreamErrorKind.Config);
        }

        return Scalar(reference, field, Walk(Parents[best], segments, bestLength + 1), $"the {best} record", UpstreamErrorKind.Data);
    }

    private static JsonNode? Walk(JsonNode? node, IReadOnlyList<string> segments, int from)
    {
        for (var i = from; i < segments.Count && node is not null; i++)
        {
            node = node switch
            {
                JsonObject obj => obj.TryGetPropertyValue(segments[i], out var child) ? child : null,
                JsonArray array when int.TryParse(segments[i], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
        }
        return node;
    }

    private static string Scalar(PlaceholderReference reference, string field, JsonNode? node, string source, UpstreamErrorKind kind = UpstreamErrorKind.Config)
    {
        switch (node)
        {
            case null:
                throw new PlaceholderException(reference.Text, field, $"{source} has no value for it (missing or null).", kind);
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        return value.TryGetValue<string>(out var text) ? text : value.Deserialize<string>()!;
                    case JsonValueKind.Number:
                        return value.ToJsonString(); // JSON number text is culture-invariant by definition
                    case JsonValueKind.True:
                        return "true";
                    case JsonValueKind.False:
                        return "false";
                    default:
                        throw new PlaceholderException(reference.Text, field, $"{source} has no value for it (missing or null).", kind);
                }
            default:
                throw new PlaceholderException(reference.Text, field,
                    $"in {source} it is a JSON {(node is JsonArray ? "array" : "object")}, but text is needed here.", kind);
        }
    }
}
