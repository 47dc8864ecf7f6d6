namespace Identity.Domain.Passwords;

/// <summary>
/// ZITADEL's lockout settings of an organization (or the instance default): after how many failed password
/// checks, and after how many failed one-time-password checks (per OTP type), a user is locked until an
/// administrator unlocks it. 0 means never.
/// </summary>
public sealed record LockoutPolicy(uint MaxPasswordAttempts, uint MaxOtpAttempts)
{
    /// <summary>ZITADEL's instance default: no lockout.</summary>
    public static LockoutPolicy Default { get; } = new(0, 0);

    /// <summary>Whether failed password checks lock the user at all.</summary>
    public bool LocksOnPasswordFailures => MaxPasswordAttempts > 0;

    /// <summary>Whether a user with this many consecutive failed password checks is to be locked.</summary>
    public bool LocksAfter(long failedPasswordChecks) => LocksOnPasswordFailures && failedPasswordChecks >= MaxPasswordAttempts;
}
