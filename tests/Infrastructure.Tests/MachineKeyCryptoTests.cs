using System.Security.Cryptography;
using System.Text;
using Identity.Domain.Common;
using Identity.Infrastructure.Security;

namespace Identity.Infrastructure.Tests;

/// <summary>RSA keys of machine users: the generated pair, and which supplied public keys are taken (and in what form they are stored).</summary>
public sealed class MachineKeyCryptoTests
{
    private readonly MachineKeyCrypto _crypto = new();

    [Fact]
    public void A_generated_pair_is_rsa_2048_as_pkcs1_private_pem_and_spki_public_pem_that_match()
    {
        var pair = _crypto.Generate();

        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----\n", pair.PrivateKeyPem, StringComparison.Ordinal);
        Assert.EndsWith("-----END RSA PRIVATE KEY-----\n", pair.PrivateKeyPem, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", pair.PublicKeyPem, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", pair.ToString(), StringComparison.Ordinal);
        using var signer = RSA.Create();
        signer.ImportFromPem(pair.PrivateKeyPem);
        using var verifier = RSA.Create();
        verifier.ImportFromPem(pair.PublicKeyPem);
        Assert.Equal(2048, signer.KeySize);
        var data = "assertion"u8.ToArray();
        var signature = signer.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(verifier.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.NotEqual(pair.PublicKeyPem, _crypto.Generate().PublicKeyPem);
    }

    [Theory]
    [InlineData(2048)]
    [InlineData(3072)]
    public void A_supplied_spki_or_pkcs1_public_key_is_stored_as_spki_pem(int bits)
    {
        using var rsa = RSA.Create(bits);
        var spki = rsa.ExportSubjectPublicKeyInfoPem();

        Assert.Equal(spki, _crypto.NormalizePublicKey(Encoding.UTF8.GetBytes(spki)));
        Assert.Equal(spki, _crypto.NormalizePublicKey(Encoding.UTF8.GetBytes(rsa.ExportRSAPublicKeyPem())));
        Assert.Equal(spki, _crypto.NormalizePublicKey(Encoding.UTF8.GetBytes("comment before\r\n" + spki.ReplaceLineEndings("\r\n") + "\r\n")));
    }

    public static TheoryData<string, string> Refused()
    {
        using var small = RSA.Create(1024);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        return new TheoryData<string, string>
        {
            { "1024 bits", small.ExportSubjectPublicKeyInfoPem() },
            { "EC key", ec.ExportSubjectPublicKeyInfoPem() },
            { "private key", rsa.ExportRSAPrivateKeyPem() },
            { "PKCS#8 private key", rsa.ExportPkcs8PrivateKeyPem() },
            { "not PEM", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" },
            { "broken body", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----" },
            { "trailing bytes", "-----BEGIN PUBLIC KEY-----\n" + Convert.ToBase64String([.. rsa.ExportSubjectPublicKeyInfo(), 0]) + "\n-----END PUBLIC KEY-----" },
            { "too long", new string(' ', MachineKeyCrypto.MaxPemBytes) + rsa.ExportSubjectPublicKeyInfoPem() },
            { "empty", "" },
        };
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Anything_else_is_COMMAND_5F3h1_without_echoing_the_input(string what, string pem)
    {
        var error = Assert.Throws<DomainException>(() => _crypto.NormalizePublicKey(Encoding.UTF8.GetBytes(pem)));

        Assert.Equal((ErrorKind.InvalidArgument, "COMMAND-5F3h1"), (error.Kind, error.Summary.Id));
        var body = pem.Split('\n').Where(l => l.Length > 8 && !l.StartsWith("-----", StringComparison.Ordinal)).ToList();
        Assert.All(body, line => Assert.DoesNotContain(line.Trim(), error.Message, StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void The_message_names_the_size_of_a_small_key()
    {
        using var small = RSA.Create(1024);

        var error = Assert.Throws<DomainException>(() => _crypto.NormalizePublicKey(Encoding.UTF8.GetBytes(small.ExportSubjectPublicKeyInfoPem())));

        Assert.Contains("1024 bits", error.Summary.Message, StringComparison.Ordinal);
    }
}

public sealed class MachineSecretsTests
{
    [Fact]
    public void Secrets_are_64_alphanumerics_stored_as_their_sha256()
    {
        var secrets = new MachineSecrets();

        var (secret, hash) = secrets.Generate();
        var (other, _) = secrets.Generate();

        Assert.Equal(64, secret.Length);
        Assert.All(secret, c => Assert.True(char.IsAsciiLetterOrDigit(c)));
        Assert.NotEqual(secret, other);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), hash);
        Assert.Equal(hash, secrets.HashOf(secret));
        Assert.Null(secrets.HashOf(""));
        Assert.Null(secrets.HashOf(new string('x', 513)));
    }

    [Fact]
    public void The_alphabet_is_used_evenly()
    {
        var secrets = new MachineSecrets();
        var counts = Enumerable.Range(0, 2000).SelectMany(_ => secrets.Generate().Secret).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(62, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 1400, 2750)); // 128,000 characters: about 2,065 each
    }
}
