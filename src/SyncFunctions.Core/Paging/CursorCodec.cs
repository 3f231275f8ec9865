using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.Paging;

/// <summary>
/// Opaque, tamper-evident list cursors. A cursor is bound to the listing it came from (the
/// <c>scope</c>: which list, which environment, which filters), so a forged cursor, a cursor from
/// another tenant or from another query all fail the same way: 400 <c>invalid_cursor</c>.
/// </summary>
public sealed class CursorCodec(byte[] key)
{
    private const byte Version = 1;
    private readonly byte[] _key = key.Length >= 32 ? key : throw new ArgumentException("Cursor key must be at least 32 bytes.", nameof(key));

    public string Encode(string scope, string state)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new CursorPayload(Version, scope, state), CursorJson.Default.CursorPayload);
        var mac = HMACSHA256.HashData(_key, payload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>Returns the state, or null when <paramref name="cursor"/> is null/empty; throws 400 when it is not ours.</summary>
    public string? Decode(string scope, string? cursor, string field = "cursor")
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        var invalid = new ApiException(ProblemKind.Invalid, ErrorCodes.InvalidCursor, "Invalid cursor", "The cursor is not valid for this list.", field);
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || cursor.Length > 4096)
        {
            throw invalid;
        }

        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(cursor.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(cursor.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            throw invalid;
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), mac))
        {
            throw invalid;
        }

        var decoded = JsonSerializer.Deserialize(payload, CursorJson.Default.CursorPayload);
        if (decoded is null || decoded.V != Version || decoded.S != scope)
        {
            throw invalid;
        }

        return decoded.T;
    }

    /// <summary>Derives a purpose-specific key from the master secret so one secret serves several uses.</summary>
    public static byte[] DeriveKey(byte[] masterKey, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: Encoding.UTF8.GetBytes(purpose));
}

internal sealed record CursorPayload(byte V, string S, string T);

[System.Text.Json.Serialization.JsonSerializable(typeof(CursorPayload))]
internal sealed partial class CursorJson : System.Text.Json.Serialization.JsonSerializerContext;
