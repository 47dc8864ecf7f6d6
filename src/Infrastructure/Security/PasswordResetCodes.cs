using System.Security.Cryptography;
using System.Text;
using Identity.Application.Abstractions;

namespace Identity.Infrastructure.Security;

/// <summary>
/// Password reset codes as ZITADEL's default (<c>PasswordVerificationCode</c>): 6 characters of A-Z and 0-9
/// (about 31 bits), drawn without bias. Only the SHA-256 (hex) of the code is stored; a presented code is
/// trimmed and upper-cased first, so that a code typed in lower case still matches.
/// </summary>
internal sealed class PasswordResetCodes : IPasswordResetCodes
{
    public const int Length = 6;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public (string Code, string Hash) Generate()
    {
        var code = RandomNumberGenerator.GetString(Alphabet, Length);
        return (code, HashOf(code));
    }

    public string HashOf(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().ToUpperInvariant())));
    }
}
