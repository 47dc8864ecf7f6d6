using System.Security.Cryptography;
using System.Text;
using Identity.Application.Abstractions;

namespace Identity.Infrastructure.Security;

/// <summary>
/// Client secrets of machine users: 64 characters of <c>[A-Za-z0-9]</c> drawn without bias from a CSPRNG (about 381
/// bits). Only their SHA-256 is stored, as for personal access tokens: a presented secret is looked up by its hash.
/// </summary>
internal sealed class MachineSecrets : IMachineSecrets
{
    public const int SecretLength = 64;
    public const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const int MaxSecretLength = 512;

    public (string Secret, string Hash) Generate()
    {
        var secret = RandomNumberGenerator.GetString(Alphabet, SecretLength);
        return (secret, Sha256Hex(secret));
    }

    public string? HashOf(string secret) =>
        string.IsNullOrEmpty(secret) || secret.Length > MaxSecretLength ? null : Sha256Hex(secret);

    private static string Sha256Hex(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
