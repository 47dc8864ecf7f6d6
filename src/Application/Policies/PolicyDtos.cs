using Identity.Application.Common;

namespace Identity.Application.Policies;

/// <summary>The effective complexity policy of an org; <see cref="IsDefault"/> when it is the instance default.</summary>
public sealed record PasswordComplexityPolicyDto(
    ObjectDetailsDto? Details,
    int MinLength,
    bool HasUppercase,
    bool HasLowercase,
    bool HasNumber,
    bool HasSymbol,
    bool IsDefault);

/// <summary>The effective lockout policy of an org (0 = never lock); <see cref="IsDefault"/> when it is the instance default.</summary>
public sealed record LockoutPolicyDto(
    ObjectDetailsDto Details,
    uint MaxPasswordAttempts,
    uint MaxOtpAttempts,
    bool IsDefault);

/// <summary>The effective password age policy of an org (0 = never expires); <see cref="IsDefault"/> when it is the instance default.</summary>
public sealed record PasswordAgePolicyDto(
    ObjectDetailsDto Details,
    uint MaxAgeDays,
    uint ExpireWarnDays,
    bool IsDefault);
