using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SyncFunctions.Core.Engine.Records;

/// <summary>A usable record from a page.</summary>
/// <param name="Id">The id as text: <c>42</c> and <c>"42"</c> are both <c>42</c>.</param>
/// <param name="Data">The record as received; still part of the parsed body, so <c>DeepClone()</c> it before adding it to another node.</param>
/// <param name="UpdatedAt">From updated_at_field when present and parseable (ISO 8601, or Unix seconds / milliseconds).</param>
/// <param name="Deleted">deleted_field is true: an explicit delete marker.</param>
/// <param name="ContentHash">Lower-case hex SHA-256 of the canonical JSON; equal hashes mean unchanged content, whatever the key order.</param>
/// <param name="Index">Position in the page.</param>
/// <param name="SizeBytes">Size of the canonical JSON in UTF-8 bytes.</param>
public sealed record ExtractedRecord(string Id, JsonObject Data, DateTimeOffset? UpdatedAt, bool Deleted, string ContentHash, int Index, int SizeBytes);

/// <summary>A record that was skipped: <see cref="Reason"/> is one of <see cref="InvalidRecordReasons"/>.</summary>
/// <param name="Field">What in the hub's own definitions the failure points at (a mapping's expression, e.g. <c>response_mapping.email</c>).</param>
public sealed record InvalidRecord(int Index, string Reason, string Message, string? Id = null, string? Field = null);

/// <summary>The records of one page, valid and invalid, in page order within each list.</summary>
public sealed record ExtractedRecords(IReadOnlyList<ExtractedRecord> Valid, IReadOnlyList<InvalidRecord> Invalid)
{
    /// <summary>All elements found (what the paginator compares with the page size).</summary>
    [JsonIgnore]
    public int Count => Valid.Count + Invalid.Count;
}
