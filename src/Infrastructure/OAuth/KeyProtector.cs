using System.Security.Cryptography;
using System.Text;

namespace Identity.Infrastructure.OAuth;

/// <summary>
/// How a signing key's private part is stored. With a key-encryption key (<c>Identity:OAuth:KeyEncryptionKey</c>, 32
/// bytes): AES-256-GCM, written as <c>aes256gcm:</c> + base64 of nonce, ciphertext and tag, with the key id as
/// associated data (a row's private key cannot be swapped onto another row). Without one: <c>pem:</c> + the PEM text,
/// and the start-up log says so.
/// </summary>
internal sealed class KeyProtector(byte[]? keyEncryptionKey)
{
    private const string EncryptedPrefix = "aes256gcm:";
    private const string PlainPrefix = "pem:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public bool Encrypts => keyEncryptionKey is not null;

    public string Protect(string keyId, string privateKeyPem)
    {
        if (keyEncryptionKey is null)
        {
            return PlainPrefix + privateKeyPem;
        }

        var plain = Encoding.UTF8.GetBytes(privateKeyPem);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keyEncryptionKey, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(keyId));
        CryptographicOperations.ZeroMemory(plain);
        return EncryptedPrefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The PEM text, or null when this replica cannot read it (encrypted with another key, or no key configured).</summary>
    public string? Unprotect(string keyId, string stored)
    {
        if (stored.StartsWith(PlainPrefix, StringComparison.Ordinal))
        {
            return stored[PlainPrefix.Length..];
        }

        if (keyEncryptionKey is null || !stored.StartsWith(EncryptedPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(stored[EncryptedPrefix.Length..]);
        }
        catch (FormatException)
        {
            return null;
        }

        if (sealedBytes.Length <= NonceSize + TagSize)
        {
            return null;
        }

        var length = sealedBytes.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(keyEncryptionKey, TagSize);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, length), sealedBytes.AsSpan(NonceSize + length), plain, Encoding.UTF8.GetBytes(keyId));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
