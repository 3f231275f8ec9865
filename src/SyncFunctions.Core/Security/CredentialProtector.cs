using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SyncFunctions.Core.Security;

/// <summary>
/// Encrypts integrated-account credentials at rest with AES-256-GCM. The associated data binds a
/// ciphertext to its environment and account, so a sealed blob copied onto another account does
/// not decrypt. Format: version byte | 12-byte nonce | ciphertext | 16-byte tag, base64.
/// </summary>
public sealed class CredentialProtector(byte[] key)
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key = key.Length == 32 ? key : throw new ArgumentException("The credential key must be 32 bytes.", nameof(key));

    public string Protect(IReadOnlyDictionary<string, string> credentials, string environmentId, string accountId)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(credentials);
        var sealedBytes = new byte[1 + NonceSize + plaintext.Length + TagSize];
        sealedBytes[0] = Version;
        var nonce = sealedBytes.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(1 + NonceSize, plaintext.Length), sealedBytes.AsSpan(1 + NonceSize + plaintext.Length), Aad(environmentId, accountId));
        CryptographicOperations.ZeroMemory(plaintext);
        return Convert.ToBase64String(sealedBytes);
    }

    /// <exception cref="CryptographicException">The blob was altered, belongs to another account, or the key changed.</exception>
    public IReadOnlyDictionary<string, string> Unprotect(string protectedValue, string environmentId, string accountId)
    {
        var sealedBytes = Convert.FromBase64String(protectedValue);
        if (sealedBytes.Length < 1 + NonceSize + TagSize || sealedBytes[0] != Version)
        {
            throw new CryptographicException("Unknown credential format.");
        }

        var cipherLength = sealedBytes.Length - 1 - NonceSize - TagSize;
        var plaintext = new byte[cipherLength];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(1, NonceSize), sealedBytes.AsSpan(1 + NonceSize, cipherLength), sealedBytes.AsSpan(1 + NonceSize + cipherLength), plaintext, Aad(environmentId, accountId));
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(plaintext) ?? [];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[] Aad(string environmentId, string accountId) => Encoding.UTF8.GetBytes($"syncfunctions/credentials/v1\n{environmentId}\n{accountId}");
}
