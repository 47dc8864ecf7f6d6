using System.Text;
using Identity.Domain.Passwords;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using IPasswordHasherPort = Identity.Application.Abstractions.IPasswordHasher;

namespace Identity.Infrastructure.Security;

/// <summary>
/// ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (format v3: PBKDF2-HMAC-SHA512,
/// 128-bit salt) behind the Application port. The iteration count comes from configuration.
/// Verification also reads bcrypt hashes imported with ImportHumanUser (BCrypt.Net-Next); a match on
/// one of those, or on an Identity hash weaker than the current setting, asks for a rehash.
/// </summary>
internal sealed class IdentityPasswordHasher : IPasswordHasherPort
{
    public const int DefaultIterations = 210_000;

    /// <summary>The most bytes (UTF-8) of a password that bcrypt reads.</summary>
    public const int BcryptMaxPasswordBytes = 72;

    private static readonly HashSubject Subject = new();
    private readonly PasswordHasher<HashSubject> _hasher;

    public IdentityPasswordHasher(int iterationCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterationCount, 1);
        IterationCount = iterationCount;
        _hasher = new PasswordHasher<HashSubject>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = iterationCount,
        }));
    }

    public int IterationCount { get; }

    public string Hash(string normalizedPassword) => _hasher.HashPassword(Subject, normalizedPassword);

    public PasswordVerification Verify(string hash, string password)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(password);
        if (BcryptHash.IsWellFormed(hash))
        {
            // The exporting system hashed the password as typed. BCrypt.Verify compares in constant time;
            // a bcrypt hash is never as strong as the current setting. bcrypt reads only the first 72 bytes,
            // so a longer password would pass on its first 72 alone: it fails (after the same work, so that
            // its answer takes as long as any other).
            var matches = BCrypt.Net.BCrypt.Verify(password, hash);
            return matches && Encoding.UTF8.GetByteCount(password) <= BcryptMaxPasswordBytes
                ? PasswordVerification.SuccessRehashNeeded
                : PasswordVerification.Failed;
        }

        PasswordVerificationResult result;
        try
        {
            // Fixed-time comparison inside PasswordHasher; v2 hashes and fewer iterations answer SuccessRehashNeeded.
            result = _hasher.VerifyHashedPassword(Subject, hash, PasswordPolicy.NormalForm(password));
        }
        catch (FormatException)
        {
            // Neither an Identity hash nor a bcrypt hash: nothing can match it.
            return PasswordVerification.Failed;
        }

        return result switch
        {
            PasswordVerificationResult.Success => PasswordVerification.Success,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordVerification.SuccessRehashNeeded,
            _ => PasswordVerification.Failed,
        };
    }

    /// <summary>PasswordHasher's user parameter is unused by the v3 format; this stands in for it.</summary>
    private sealed class HashSubject;
}
