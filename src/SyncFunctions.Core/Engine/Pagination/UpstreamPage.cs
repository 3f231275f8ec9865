using System.Text.Json.Nodes;

namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>What a paginator may look at in a response.</summary>
/// <param name="RequestUrl">The URL that was requested (relative next links resolve against it).</param>
/// <param name="Body">The parsed body.</param>
/// <param name="RecordCount">Elements found at records_path, valid or not.</param>
/// <param name="Headers">Response headers; names are matched case-insensitively whatever the dictionary's comparer.</param>
public sealed record UpstreamPage(Uri RequestUrl, JsonNode? Body, int RecordCount, IReadOnlyDictionary<string, IReadOnlyList<string>>? Headers = null)
{
    /// <summary>Every value of header <paramref name="name"/> (a header may repeat).</summary>
    public IEnumerable<string> HeaderValues(string name) =>
        Headers is null
            ? []
            : Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).SelectMany(h => h.Value);
}
