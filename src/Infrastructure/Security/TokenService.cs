using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Identity.Application.Abstractions;

namespace Identity.Infrastructure.Security;

/// <summary>
/// Personal access tokens: 256 random bits, base64url (43 characters). Only their SHA-256 is stored;
/// a presented token is looked up by its hash, so no stored secret is ever compared as a string.
/// </summary>
internal sealed class TokenService : ITokenService
{
    public const int TokenBytes = 32;
    private const int MaxTokenLength = 512;

    public (string Token, string Hash) Generate()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        return (token, Sha256Hex(token));
    }

    public string? HashOf(string token) =>
        string.IsNullOrEmpty(token) || token.Length > MaxTokenLength ? null : Sha256Hex(token);

    private static string Sha256Hex(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
