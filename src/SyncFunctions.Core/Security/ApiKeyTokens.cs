using System.Security.Cryptography;
using System.Text;

namespace SyncFunctions.Core.Security;

/// <summary>
/// API key tokens: 64 characters (Base's sync clients send exactly that), a recognisable prefix so
/// secret scanners can spot leaked keys, and 60 random base62 characters (about 357 bits).
/// Only a SHA-256 hash is stored: the token carries enough entropy that a slow hash adds nothing.
/// </summary>
public static class ApiKeyTokens
{
    public const int Length = 64;
    public const string Prefix = "sfk_";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate()
    {
        var chars = new char[Length - Prefix.Length];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return Prefix + new string(chars);
    }

    /// <summary>Lowercase hex SHA-256: the storage key of a token.</summary>
    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The part of a token safe to show again later, so people can tell keys apart.</summary>
    public static string DisplayPrefix(string token) => token[..Math.Min(12, token.Length)];

    /// <summary>Constant-time comparison of two secrets of any length.</summary>
    public static bool SecretEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
