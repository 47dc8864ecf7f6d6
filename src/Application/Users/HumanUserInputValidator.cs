using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users;

/// <summary>The profile of a human as AddHumanUser and ImportHumanUser take it.</summary>
internal interface IHumanProfileInput
{
    string FirstName { get; }

    string LastName { get; }

    string NickName { get; }

    string DisplayName { get; }

    string PreferredLanguage { get; }

    Gender Gender { get; }
}

/// <summary>What AddHumanUser and ImportHumanUser share: a user name, a profile and an email.</summary>
internal interface IHumanUserInput
{
    string UserName { get; }

    IHumanProfileInput? ProfileInput { get; }

    string? EmailAddress { get; }
}

/// <summary>The rules of the user name, profile and email of a new human (AddHumanUser, ImportHumanUser).</summary>
internal abstract class HumanUserInputValidator<T> : AbstractValidator<T>
    where T : IHumanUserInput
{
    protected HumanUserInputValidator()
    {
        RuleFor(c => c.UserName).CodePoints(1, 200, Errors.User.UserNameInvalid, "user_name");
        RuleFor(c => c.UserName).AllowedText("user_name");
        RuleFor(c => c.UserName).Must(n => !string.IsNullOrWhiteSpace(n)).WithErrorCode(Errors.User.UserNameBlank).WithMessage("user_name must not be blank").OverridePropertyName("user_name");
        RuleFor(c => c.ProfileInput).NotNull().WithErrorCode(Errors.User.ProfileRequired).WithMessage("profile is required").OverridePropertyName("profile");
        When(c => c.ProfileInput is not null, () =>
        {
            RuleFor(c => c.ProfileInput!.FirstName).CodePoints(1, 200, Errors.User.FirstNameInvalid, "profile.first_name");
            RuleFor(c => c.ProfileInput!.LastName).CodePoints(1, 200, Errors.User.LastNameInvalid, "profile.last_name");
            RuleFor(c => c.ProfileInput!.NickName).CodePoints(0, 200, Errors.User.NickNameInvalid, "profile.nick_name");
            RuleFor(c => c.ProfileInput!.DisplayName).CodePoints(0, 200, Errors.User.DisplayNameInvalid, "profile.display_name");
            RuleFor(c => c.ProfileInput!.PreferredLanguage).CodePoints(0, 10, Errors.User.PreferredLanguageInvalid, "profile.preferred_language");
            RuleFor(c => c.ProfileInput!.FirstName).AllowedText("profile.first_name");
            RuleFor(c => c.ProfileInput!.LastName).AllowedText("profile.last_name");
            RuleFor(c => c.ProfileInput!.NickName).AllowedText("profile.nick_name");
            RuleFor(c => c.ProfileInput!.DisplayName).AllowedText("profile.display_name");
            RuleFor(c => c.ProfileInput!.PreferredLanguage).AllowedText("profile.preferred_language");
            RuleFor(c => c.ProfileInput!.Gender).IsInEnum().WithErrorCode(Errors.User.GenderInvalid).WithMessage("profile.gender is not a known gender").OverridePropertyName("profile.gender");
        });
        RuleFor(c => c.EmailAddress).NotNull().WithErrorCode(Errors.User.EmailRequired).WithMessage("email is required").OverridePropertyName("email");
        When(c => c.EmailAddress is not null, () =>
        {
            RuleFor(c => c.EmailAddress).Must(UserFieldRules.IsEmailAddress)
                .WithErrorCode(Errors.User.EmailInvalid).WithMessage("email.email must be a valid email address of at most 200 characters").OverridePropertyName("email.email");
            RuleFor(c => c.EmailAddress).AllowedText("email.email");
        });
    }
}
