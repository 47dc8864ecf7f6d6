using System.Security.Cryptography;
using Identity.Infrastructure.OAuth;

namespace Identity.Infrastructure.Tests;

/// <summary>How an OAuth signing key's private part is stored: AES-256-GCM with the key id as associated data, or PEM text.</summary>
public sealed class KeyProtectorTests
{
    private const string KeyId = "0123456789abcdef0123456789abcdef";
    private static readonly string Pem = MakePem();
    private readonly KeyProtector _protector = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_protected_key_round_trips_and_is_not_readable_in_the_stored_text()
    {
        var stored = _protector.Protect(KeyId, Pem);

        Assert.True(_protector.Encrypts);
        Assert.StartsWith("aes256gcm:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Pem[40..80], stored, StringComparison.Ordinal);
        Assert.Equal(Pem, _protector.Unprotect(KeyId, stored));

        // a fresh nonce each time: the same key stored twice gives two texts, both readable
        var again = _protector.Protect(KeyId, Pem);
        Assert.NotEqual(stored, again);
        Assert.Equal(Pem, _protector.Unprotect(KeyId, again));
    }

    [Fact]
    public void Another_key_encryption_key_reads_nothing()
    {
        var stored = _protector.Protect(KeyId, Pem);

        Assert.Null(new KeyProtector(RandomNumberGenerator.GetBytes(32)).Unprotect(KeyId, stored));
        Assert.Null(new KeyProtector(null).Unprotect(KeyId, stored));
    }

    [Fact]
    public void The_key_id_is_associated_data_so_a_private_key_moved_onto_another_row_reads_nothing()
    {
        var stored = _protector.Protect(KeyId, Pem);

        Assert.Null(_protector.Unprotect("fedcba9876543210fedcba9876543210", stored));
        Assert.Null(_protector.Unprotect(KeyId.ToUpperInvariant(), stored));
        Assert.Equal(Pem, _protector.Unprotect(KeyId, stored));
    }

    [Theory]
    [InlineData(0)] // nonce
    [InlineData(12)] // first ciphertext byte
    [InlineData(500)] // ciphertext
    [InlineData(-1)] // last tag byte
    public void A_tampered_byte_reads_nothing(int position)
    {
        var stored = _protector.Protect(KeyId, Pem);
        var bytes = Convert.FromBase64String(stored["aes256gcm:".Length..]);
        bytes[position >= 0 ? position : bytes.Length + position] ^= 0x01;

        Assert.Null(_protector.Unprotect(KeyId, "aes256gcm:" + Convert.ToBase64String(bytes)));
    }

    [Theory]
    [InlineData("aes256gcm:")]
    [InlineData("aes256gcm:not base64!")]
    [InlineData("aes256gcm:" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // 28 zero bytes: a nonce and a tag, no ciphertext
    [InlineData("aes256gcm:" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 30 zero bytes: a forged tag
    [InlineData("AES256GCM:AAAA")]
    [InlineData("-----BEGIN PRIVATE KEY-----")]
    [InlineData("")]
    public void A_malformed_or_unknown_stored_text_reads_nothing(string stored) =>
        Assert.Null(_protector.Unprotect(KeyId, stored));

    [Fact]
    public void A_truncated_text_reads_nothing()
    {
        var stored = _protector.Protect(KeyId, Pem);
        var bytes = Convert.FromBase64String(stored["aes256gcm:".Length..]);

        Assert.Null(_protector.Unprotect(KeyId, "aes256gcm:" + Convert.ToBase64String(bytes[..^1])));
        Assert.Null(_protector.Unprotect(KeyId, "aes256gcm:" + Convert.ToBase64String(bytes[1..])));
    }

    [Fact]
    public void Without_a_key_encryption_key_the_pem_is_stored_as_is_and_read_by_every_replica()
    {
        var plain = new KeyProtector(null);

        var stored = plain.Protect(KeyId, Pem);

        Assert.False(plain.Encrypts);
        Assert.Equal("pem:" + Pem, stored);
        Assert.Equal(Pem, plain.Unprotect(KeyId, stored));
        Assert.Equal(Pem, _protector.Unprotect(KeyId, stored));
        Assert.Equal(Pem, new KeyProtector(RandomNumberGenerator.GetBytes(32)).Unprotect("another id", stored));
    }

    private static string MakePem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }
}
