using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using IPasswordHasherPort = Identity.Application.Abstractions.IPasswordHasher;

namespace Identity.Infrastructure.Security;

/// <summary>
/// ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (format v3: PBKDF2-HMAC-SHA512,
/// 128-bit salt) behind the Application port. The iteration count comes from configuration.
/// </summary>
internal sealed class IdentityPasswordHasher : IPasswordHasherPort
{
    public const int DefaultIterations = 210_000;

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

    public bool Verify(string hash, string normalizedPassword) =>
        _hasher.VerifyHashedPassword(Subject, hash, normalizedPassword) != PasswordVerificationResult.Failed;

    /// <summary>PasswordHasher's user parameter is unused by the v3 format; this stands in for it.</summary>
    private sealed class HashSubject;
}
