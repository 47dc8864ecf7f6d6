using Identity.Application.Abstractions;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;

namespace Identity.Application.Common;

/// <summary>Instance-wide password settings (from configuration).</summary>
internal sealed record PasswordRulesSettings(
    PasswordComplexityPolicy DefaultPolicy,
    bool RefuseCommonPasswords,
    bool RefusePersonalInformation)
{
    /// <summary>Lowest accepted guessability score (0..4); 0 switches the rule off.</summary>
    public int MinStrengthScore { get; init; }

    /// <summary>The instance's lockout policy, for orgs without their own (ZITADEL's default: no lockout).</summary>
    public LockoutPolicy DefaultLockoutPolicy { get; init; } = LockoutPolicy.Default;

    /// <summary>The instance's password age policy, for orgs without their own (ZITADEL's default: never expires).</summary>
    public PasswordAgePolicy DefaultPasswordAgePolicy { get; init; } = PasswordAgePolicy.Default;

    /// <summary>How long a password reset code stays valid (upstream's default: 1 hour).</summary>
    public TimeSpan ResetCodeLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How many recent passwords (the current one included) a new one may not equal; 0 switches the rule off.</summary>
    public int HistoryDepth { get; init; }

    /// <summary>How long an unused initial password set by an administrator works for sign-in; zero: it never expires.</summary>
    public TimeSpan InitialPasswordLifetime { get; init; }
}

/// <summary>
/// The effective rules for an org: its custom complexity policy, else the instance default, plus the extra rules;
/// likewise its lockout policy (<see cref="LockoutFor"/>) and its password age policy (<see cref="PasswordAgeFor"/>).
/// </summary>
internal sealed class PasswordRules(PasswordRulesSettings settings, ICommonPasswords commonPasswords, IPasswordStrength strength, IPasswordHasher hasher)
{
    private readonly PasswordHistoryRule _history = settings.HistoryDepth == 0
        ? PasswordHistoryRule.Off
        : new PasswordHistoryRule(settings.HistoryDepth, (hash, password) => hasher.Verify(hash, password.Value) != PasswordVerification.Failed);

    public PasswordComplexityPolicy DefaultPolicy => settings.DefaultPolicy;

    public LockoutPolicy DefaultLockoutPolicy => settings.DefaultLockoutPolicy;

    public PasswordAgePolicy DefaultPasswordAgePolicy => settings.DefaultPasswordAgePolicy;

    public TimeSpan ResetCodeLifetime => settings.ResetCodeLifetime;

    /// <summary>The effective lockout policy of an org: its own, else the instance default.</summary>
    public LockoutPolicy LockoutFor(Organization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return organization.LockoutPolicy ?? settings.DefaultLockoutPolicy;
    }

    /// <summary>The effective password age policy of an org: its own, else the instance default.</summary>
    public PasswordAgePolicy PasswordAgeFor(Organization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return organization.PasswordAgePolicy ?? settings.DefaultPasswordAgePolicy;
    }

    public PasswordPolicy For(Organization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return new PasswordPolicy(
            organization.PasswordPolicy ?? settings.DefaultPolicy,
            settings.RefuseCommonPasswords ? commonPasswords : null,
            settings.RefusePersonalInformation,
            strength,
            settings.MinStrengthScore)
        {
            History = _history,
            InitialPasswordLifetime = settings.InitialPasswordLifetime,
        };
    }
}
