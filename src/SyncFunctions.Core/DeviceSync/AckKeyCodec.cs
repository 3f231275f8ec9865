using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SyncFunctions.Core.Records;

namespace SyncFunctions.Core.DeviceSync;

/// <summary>What an intact ack key names: a revision of one feed, the feed given by its <see cref="AckKeyCodec.FeedTag"/>.</summary>
public readonly record struct AckedRevision(string FeedTag, long Revision);

/// <summary>
/// Ack keys: opaque and tamper-evident. A key names one revision of one record of one feed, for one API key:
/// <c>base64url(version | revision | feed tag | record tag | mac)</c>, where the feed tag is a hash of the feed
/// (account, resource), the record tag a hash of account, resource and id, and the MAC (HMAC-SHA256, truncated to
/// 128 bits) covers the environment, the API key id and everything before it. So a key checks out only in the
/// environment and for the API key it was issued to (another key's ack is invalid, never applied to the victim's
/// state), for the revision and feed it was issued for; it is verified without reading storage, and applying it needs
/// only the feed tag (matched against the device's feeds) and the revision (unique within its feed).
/// </summary>
public sealed class AckKeyCodec(byte[] key)
{
    private const byte Version = 2;
    private const int TagBytes = 8;
    private const int MacBytes = 16;
    private const int BodyLength = 1 + 8 + TagBytes + TagBytes;
    private const int Length = BodyLength + MacBytes;
    private readonly byte[] _key = key.Length >= 32 ? key : throw new ArgumentException("Ack key secret must be at least 32 bytes.", nameof(key));

    /// <summary>Characters in an encoded key.</summary>
    public static int EncodedLength { get; } = Base64Url.GetEncodedLength(Length);

    /// <summary>A feed's tag as ack keys and ack messages carry it: 16 hex digits of a hash of account and resource.</summary>
    public static string FeedTag(FeedId feed) => Convert.ToHexStringLower(FeedTagBytes(feed));

    public string Encode(string environmentId, string apiKeyId, FeedId feed, string id, long revision)
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..9], revision);
        FeedTagBytes(feed).CopyTo(bytes[9..(9 + TagBytes)]);
        RecordTag(feed, id).CopyTo(bytes[(9 + TagBytes)..BodyLength]);
        Mac(environmentId, apiKeyId, bytes[..BodyLength]).CopyTo(bytes[BodyLength..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>What a key acknowledges, if it was issued in <paramref name="environmentId"/> to <paramref name="apiKeyId"/> and is intact.</summary>
    public bool TryDecode(string environmentId, string apiKeyId, string? ackKey, out AckedRevision acked)
    {
        acked = default;
        if (ackKey is null || ackKey.Length != EncodedLength)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Length];
        if (Base64Url.DecodeFromChars(ackKey, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != ackKey.Length || written != Length || bytes[0] != Version)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(Mac(environmentId, apiKeyId, bytes[..BodyLength]), bytes[BodyLength..]))
        {
            return false;
        }

        var revision = BinaryPrimitives.ReadInt64BigEndian(bytes[1..9]);
        acked = new AckedRevision(Convert.ToHexStringLower(bytes[9..(9 + TagBytes)]), revision);
        return revision > 0;
    }

    private static byte[] FeedTagBytes(FeedId feed) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{feed.AccountId}\0{feed.Resource}"))[..TagBytes];

    private static byte[] RecordTag(FeedId feed, string id) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{feed.AccountId}\0{feed.Resource}\0{id}"))[..TagBytes];

    private byte[] Mac(string environmentId, string apiKeyId, ReadOnlySpan<byte> body)
    {
        // Length-prefixed, so no environment/key pair can be shifted into another.
        var scope = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{environmentId.Length}:{environmentId}{apiKeyId.Length}:{apiKeyId}"));
        var input = new byte[scope.Length + body.Length];
        scope.CopyTo(input, 0);
        body.CopyTo(input.AsSpan(scope.Length));
        return HMACSHA256.HashData(_key, input)[..MacBytes];
    }
}
