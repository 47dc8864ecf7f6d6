using Identity.Domain.Common;

namespace Identity.Domain.Passwords;

/// <summary>
/// The password history rule: a new password may not equal any of the user's <see cref="Depth"/> most recent
/// passwords, the current one included. It compares by verifying the new password (in its normal form, as it
/// will be hashed) against the kept hashes with the same hasher (<see cref="Matches"/>), never by keeping the
/// password or a fast hash of it; a check costs up to <see cref="Depth"/> verifications.
/// </summary>
public sealed class PasswordHistoryRule
{
    /// <summary>The deepest history an instance may configure.</summary>
    public const int MaxDepth = 24;

    private readonly Func<string, NormalizedPassword, bool> _matches;

    /// <param name="depth">How many recent passwords (the current one included) a new one may not equal; 0 switches the rule off.</param>
    /// <param name="matches">Whether a kept hash is a hash of the password (the hasher's verification).</param>
    public PasswordHistoryRule(int depth, Func<string, NormalizedPassword, bool> matches)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, MaxDepth);
        ArgumentNullException.ThrowIfNull(matches);
        Depth = depth;
        _matches = matches;
    }

    /// <summary>The rule switched off: nothing is compared and no old hash is kept.</summary>
    public static PasswordHistoryRule Off { get; } = new(0, (_, _) => false);

    public int Depth { get; }

    /// <summary>Whether <paramref name="hash"/> is a hash of <paramref name="password"/>.</summary>
    public bool Matches(string hash, NormalizedPassword password) => _matches(hash, password);

    /// <summary>
    /// Throws <see cref="Errors.Policy.PasswordReused"/> when <paramref name="password"/> matches one of
    /// <paramref name="recentHashes"/> (at most <see cref="Depth"/> of them are looked at). The error says neither
    /// which one matched nor when it was set.
    /// </summary>
    public void EnsureNotReused(NormalizedPassword password, IEnumerable<string> recentHashes)
    {
        ArgumentNullException.ThrowIfNull(recentHashes);
        if (Depth == 0)
        {
            return;
        }

        foreach (var hash in recentHashes.Take(Depth))
        {
            if (_matches(hash, password))
            {
                throw new DomainException(
                    Errors.Policy.PasswordReused,
                    $"The password was used recently; choose one that differs from the last {Depth.ToString(System.Globalization.CultureInfo.InvariantCulture)} passwords");
            }
        }
    }
}
