using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SyncFunctions.Core.DeviceSync;

/// <summary>
/// Ack keys: opaque and tamper-evident. A key names one revision of one record in one environment:
/// <c>base64url(version | revision | record tag | mac)</c>, where the record tag is a hash of the
/// record's account, resource and id, and the MAC (HMAC-SHA256, truncated to 128 bits) covers the
/// environment, the revision and the tag. So a key checks out only in the environment it was issued
/// in, for the revision it was issued for; it can be verified without reading storage, and applying
/// it needs only the revision (which is unique in its environment).
/// </summary>
public sealed class AckKeyCodec(byte[] key)
{
    private const byte Version = 1;
    private const int TagBytes = 8;
    private const int MacBytes = 16;
    private const int Length = 1 + 8 + TagBytes + MacBytes;
    private readonly byte[] _key = key.Length >= 32 ? key : throw new ArgumentException("Ack key secret must be at least 32 bytes.", nameof(key));

    /// <summary>Characters in an encoded key.</summary>
    public static int EncodedLength { get; } = Base64Url.GetEncodedLength(Length);

    public string Encode(string environmentId, string accountId, string resource, string id, long revision)
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..9], revision);
        Tag(accountId, resource, id).CopyTo(bytes[9..(9 + TagBytes)]);
        Mac(environmentId, bytes[..(9 + TagBytes)]).CopyTo(bytes[(9 + TagBytes)..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The revision a key acknowledges, if the key was issued in <paramref name="environmentId"/> and is intact.</summary>
    public bool TryDecode(string environmentId, string? ackKey, out long revision)
    {
        revision = 0;
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

        if (!CryptographicOperations.FixedTimeEquals(Mac(environmentId, bytes[..(9 + TagBytes)]), bytes[(9 + TagBytes)..]))
        {
            return false;
        }

        revision = BinaryPrimitives.ReadInt64BigEndian(bytes[1..9]);
        return revision > 0;
    }

    private static byte[] Tag(string accountId, string resource, string id) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{accountId}\0{resource}\0{id}"))[..TagBytes];

    private byte[] Mac(string environmentId, ReadOnlySpan<byte> body)
    {
        var env = Encoding.UTF8.GetBytes(environmentId);
        var input = new byte[env.Length + 1 + body.Length];
        env.CopyTo(input, 0);
        body.CopyTo(input.AsSpan(env.Length + 1));
        return HMACSHA256.HashData(_key, input)[..MacBytes];
    }
}
