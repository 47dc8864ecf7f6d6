using System.Security.Cryptography;
using System.Text;
using Identity.Application.Abstractions;

namespace Identity.Infrastructure.Security;

/// <summary>
/// Password reset codes: 12 characters of a 32-letter alphabet without the look-alikes 0/O and 1/I (60 bits),
/// drawn without bias. Longer than ZITADEL's default of 6 characters of A-Z and 0-9 (about 31 bits), whose
/// SHA-256 anyone able to read the <c>users</c> table could reverse by brute force within the code's hour; at
/// 60 bits that takes years. Still within v2 SetPassword's limit of 20 characters for a code. Only the SHA-256
/// (hex) of the code is stored; a presented code is trimmed and upper-cased first, so that a code typed in
/// lower case still matches.
/// </summary>
internal sealed class PasswordResetCodes : IPasswordResetCodes
{
    public const int Length = 12;
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

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
