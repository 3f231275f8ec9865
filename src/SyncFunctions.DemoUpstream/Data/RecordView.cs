using System.Text.Json.Nodes;

namespace SyncFunctions.DemoUpstream;

/// <summary>One record or tombstone as a list serves it. <paramref name="Shared"/>: owned by the data set, clone before handing out.</summary>
internal readonly record struct RecordEntry(long Id, JsonObject Json, bool Shared);

/// <summary>What a list request filters on.</summary>
internal readonly record struct ListFilter(DateTimeOffset? UpdatedSince, bool IncludeDeleted);

/// <summary>
/// An id-ordered, filtered list frozen at request time: the untouched base ids <c>[lo, hi]</c> (generated on demand)
/// minus the few ids that mutations touched, merged with the few mutated records and tombstones. Positions are found by
/// counting, so a page anywhere in a million records costs O(page + mutations), never O(N).
/// </summary>
internal sealed class RecordView(long lo, long hi, long[] excluded, RecordEntry[] extras, Func<long, JsonObject> generate)
{
    public long Count => RangeCount(hi) - excluded.Length + extras.Length;

    /// <summary>Entries from 0-based <paramref name="position"/> on, lazily.</summary>
    public IEnumerable<RecordEntry> From(long position)
    {
        if (position < 0 || position >= Count) return [];
        // Smallest id whose prefix count passes the position is the entry at that position.
        long low = 1, high = Math.Max(hi, extras.Length > 0 ? extras[^1].Id : 0);
        while (low < high)
        {
            var mid = low + (high - low) / 2;
            if (CountUpTo(mid) > position) high = mid; else low = mid + 1;
        }
        return After(low - 1);
    }

    /// <summary>Entries with id greater than <paramref name="afterId"/>, lazily.</summary>
    public IEnumerable<RecordEntry> After(long afterId)
    {
        var next = Math.Max(lo, afterId + 1);
        var skip = LowerBound(excluded, next);
        var extra = ExtrasUpTo(afterId);
        while (true)
        {
            while (next <= hi && skip < excluded.Length && excluded[skip] == next)
            {
                next++;
                skip++;
            }
            var hasBase = next <= hi;
            var hasExtra = extra < extras.Length;
            if (!hasBase && !hasExtra) yield break;
            if (hasBase && (!hasExtra || next < extras[extra].Id))
            {
                yield return new RecordEntry(next, generate(next), Shared: false);
                next++;
            }
            else
            {
                yield return extras[extra++];
            }
        }
    }

    private long CountUpTo(long id) => RangeCount(id) - LowerBound(excluded, id + 1) + ExtrasUpTo(id);

    private long RangeCount(long upTo) => hi < lo || upTo < lo ? 0 : Math.Min(upTo, hi) - lo + 1;

    private int ExtrasUpTo(long id)
    {
        int low = 0, high = extras.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (extras[mid].Id <= id) low = mid + 1; else high = mid;
        }
        return low;
    }

    /// <summary>Index of the first value not below <paramref name="value"/>.</summary>
    private static int LowerBound(long[] sorted, long value)
    {
        var index = Array.BinarySearch(sorted, value);
        return index >= 0 ? index : ~index;
    }
}
