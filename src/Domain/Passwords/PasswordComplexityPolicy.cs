using Identity.Domain.Common;

namespace Identity.Domain.Passwords;

/// <summary>ZITADEL's five complexity settings of an organization (or the instance default).</summary>
public sealed record PasswordComplexityPolicy(int MinLength, bool HasUppercase, bool HasLowercase, bool HasNumber, bool HasSymbol)
{
    public const int MaxLength = 72;

    public static PasswordComplexityPolicy Default { get; } = new(8, true, true, true, true);

    /// <summary>Refuses a policy that no password could satisfy within the length limits.</summary>
    public PasswordComplexityPolicy EnsureValid()
    {
        if (MinLength is < 1 or > MaxLength)
        {
            throw new DomainException(Errors.Policy.MinLengthRange, $"min_length must be between 1 and {MaxLength}");
        }

        return this;
    }
}
