using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Passwords;

namespace Identity.Application.Policies;

/// <summary>The fields of Add/UpdateCustomPasswordComplexityPolicy.</summary>
internal interface IPasswordComplexityInput
{
    ulong MinLength { get; }

    bool HasUppercase { get; }

    bool HasLowercase { get; }

    bool HasNumber { get; }

    bool HasSymbol { get; }
}

internal static class PolicyValidation
{
    public static void MinLengthInRange<T>(this AbstractValidator<T> validator)
        where T : IPasswordComplexityInput
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(c => c.MinLength)
            .InclusiveBetween(1ul, (ulong)PasswordComplexityPolicy.MaxLength)
            .WithErrorCode(Errors.Policy.MinLengthRange)
            .WithMessage($"min_length must be between 1 and {PasswordComplexityPolicy.MaxLength}")
            .OverridePropertyName("min_length");
    }

    public static PasswordComplexityPolicy ToPolicy(this IPasswordComplexityInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new PasswordComplexityPolicy(input.MinLength > int.MaxValue ? int.MaxValue : (int)input.MinLength, input.HasUppercase, input.HasLowercase, input.HasNumber, input.HasSymbol);
    }
}
