using SyncFunctions.Core.Records;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Keys of the per-feed tables (counters, change feed, device state, device acks). Keys are built from
/// '|'-separated segments, so each segment is made key-safe with <see cref="TableKeyEncoding"/> and its '|'
/// escaped too (as %7C; '%' itself is already escaped): no account id or resource name such as
/// <c>crm/contacts</c> can forge a separator, and a prefix of segments selects exactly its own rows.
/// </summary>
public static class FeedKeys
{
    public const char Separator = '|';

    public static string Segment(string value) => TableKeyEncoding.Encode(value).Replace("|", "%7C", StringComparison.Ordinal);

    public static string Unsegment(string segment) => TableKeyEncoding.Decode(segment);

    public static string Join(params string[] values) => string.Join(Separator, values.Select(Segment));

    /// <summary>Counter partition: an environment's account; its rows are that account's resources.</summary>
    public static string Account(string environmentId, string accountId) => Join(environmentId, accountId);

    /// <summary>Change-feed partition: one account's resource.</summary>
    public static string Feed(RecordScope feed) => Join(feed.EnvironmentId, feed.AccountId, feed.Resource);

    /// <summary>A feed named within a partition that already names the environment (device state and ack rows).</summary>
    public static string FeedRow(FeedId feed) => Join(feed.AccountId, feed.Resource);

    public static FeedId ParseFeedRow(string key)
    {
        var parts = key.Split(Separator);
        return parts.Length >= 2 ? new FeedId(Unsegment(parts[0]), Unsegment(parts[1])) : throw new FormatException($"Not a feed key: {key}");
    }

    /// <summary>The [low, high) PartitionKey range of every partition that starts with <paramref name="prefix"/> and a separator.</summary>
    public static (string Low, string High) Under(string prefix) => (prefix + Separator, prefix + (char)(Separator + 1));
}
