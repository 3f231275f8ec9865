using System.Globalization;

namespace SyncFunctions.DemoUpstream;

/// <summary>Reads list parameters, remembering the first problem so the endpoint can answer one clear 400.</summary>
internal sealed class QueryReader(IQueryCollection query)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public string? Error { get; private set; }

    public string? Text(string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;

    public long Number(string name, long fallback, long min)
    {
        var text = Text(name);
        if (string.IsNullOrEmpty(text)) return fallback;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min) return value;
        Error ??= $"{name} must be an integer of at least {min}";
        return fallback;
    }

    /// <summary>Oversized pages are clamped rather than refused, as most real APIs do.</summary>
    public int PageSize(string name) => (int)Math.Min(Number(name, DefaultPageSize, 1), MaxPageSize);

    public ListFilter Filter()
    {
        DateTimeOffset? since = null;
        if (Text("updated_since") is { Length: > 0 } text)
        {
            // An unencoded '+' in an offset arrives as a space; accept it rather than punish the client.
            if (TryParseTime(text, out var parsed) || TryParseTime(text.Replace(' ', '+'), out parsed)) since = parsed;
            else Error ??= "updated_since must be an ISO 8601 timestamp";
        }
        var includeDeleted = Text("include_deleted") is { } flag && (flag == "1" || flag.Equals("true", StringComparison.OrdinalIgnoreCase));
        return new ListFilter(since, includeDeleted);
    }

    private static bool TryParseTime(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
