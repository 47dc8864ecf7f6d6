using System.Security.Cryptography;
using System.Text;
using Identity.Application.Abstractions;
using Identity.Domain.Common;

namespace Identity.Infrastructure.Security;

/// <summary>
/// RSA keys of machine users with the platform's cryptography. Generated pairs have 2048 bits (upstream's
/// <c>MachineKeySize</c>); the private key leaves as PKCS#1 PEM ending with a newline, as Go's <c>pem.EncodeToMemory</c>
/// writes it. A supplied public key must be PEM text of an RSA key of 2048 to 8192 bits (the upper bound keeps a
/// signature check cheap); it is stored as SubjectPublicKeyInfo PEM whatever form it came in.
/// </summary>
internal sealed class MachineKeyCrypto : IMachineKeyCrypto
{
    public const int GeneratedKeySize = 2048;
    public const int MinKeySize = 2048;
    public const int MaxKeySize = 8192;

    /// <summary>More than any PEM public key of <see cref="MaxKeySize"/> bits needs, with comments around it.</summary>
    public const int MaxPemBytes = 16 * 1024;

    public GeneratedMachineKey Generate()
    {
        using var rsa = RSA.Create(GeneratedKeySize);
        return new GeneratedMachineKey(rsa.ExportRSAPrivateKeyPem() + "\n", rsa.ExportSubjectPublicKeyInfoPem());
    }

    public string NormalizePublicKey(ReadOnlySpan<byte> pem)
    {
        if (pem.IsEmpty || pem.Length > MaxPemBytes)
        {
            throw Invalid("public_key must be the PEM text of an RSA public key");
        }

        var text = Encoding.UTF8.GetString(pem);
        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw Invalid("public_key must be the PEM text of an RSA public key (-----BEGIN PUBLIC KEY-----)");
        }

        var label = text[fields.Label];
        if (label is not ("PUBLIC KEY" or "RSA PUBLIC KEY"))
        {
            throw Invalid("public_key must be an RSA public key (PEM label PUBLIC KEY or RSA PUBLIC KEY), not a private key or certificate");
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64String(text[fields.Base64Data], der, out var written))
        {
            throw Invalid("public_key is not valid PEM");
        }

        using var rsa = RSA.Create();
        try
        {
            var read = 0;
            if (label == "PUBLIC KEY")
            {
                rsa.ImportSubjectPublicKeyInfo(der.AsSpan(0, written), out read);
            }
            else
            {
                rsa.ImportRSAPublicKey(der.AsSpan(0, written), out read);
            }

            if (read != written)
            {
                throw Invalid("public_key is not valid PEM");
            }
        }
        catch (CryptographicException)
        {
            throw Invalid("public_key must be an RSA public key");
        }

        if (rsa.KeySize is < MinKeySize or > MaxKeySize)
        {
            throw Invalid($"public_key has {rsa.KeySize} bits; an RSA key of {MinKeySize} to {MaxKeySize} bits is required");
        }

        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    private static DomainException Invalid(string message) => new(Errors.Command.MachineKeyInvalid, message);
}
