using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SyncFunctions.Core.Ids;

/// <summary>
/// Ids of stored objects (environments, API keys, accounts, sync jobs, runs, cron triggers, webhooks): UUIDv7
/// (RFC 9562), whose text sorts in creation order. Table Storage returns a partition in row-key order, so lists
/// keyed by these ids come oldest first, the same on every call and on every page.
/// </summary>
/// <remarks>
/// Layout: 48-bit Unix milliseconds, version 7, a 12-bit sequence, variant, 62 random bits. Within this process ids are
/// strictly increasing: a second id in the same millisecond (or after the clock stepped back) takes the last
/// millisecond with the next sequence number (RFC 9562 §6.2, method 1), so objects created one after another list in
/// that order even under a frozen test clock. Ids made on different instances in the same millisecond are ordered by
/// their random bits.
/// </remarks>
public sealed class TimeOrderedId
{
    private const int MaxSequence = 0xFFF;
    private static readonly TimeOrderedId Shared = new();
    private readonly Lock _gate = new();
    private long _lastMs = -1;
    private int _sequence;

    /// <summary>A new id from the process's one sequence.</summary>
    public static string New(TimeProvider clock) => Shared.Next(clock);

    /// <summary>A new id, greater than every id this instance made before.</summary>
    public string Next(TimeProvider clock)
    {
        var now = Math.Max(0, clock.GetUtcNow().ToUnixTimeMilliseconds());
        long ms;
        int sequence;
        lock (_gate)
        {
            if (now > _lastMs)
            {
                _lastMs = now;
                _sequence = 0;
            }
            else if (++_sequence > MaxSequence)
            {
                // 4096 ids in one millisecond: borrow the next millisecond rather than repeat an order.
                _lastMs++;
                _sequence = 0;
            }

            ms = _lastMs;
            sequence = _sequence;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        BinaryPrimitives.WriteUInt64BigEndian(bytes, ((ulong)ms << 16) | 0x7000UL | (uint)sequence);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant 10xx
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
