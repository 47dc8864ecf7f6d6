using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users.AddHumanUser;

internal sealed class AddHumanUserValidator : AbstractValidator<AddHumanUserCommand>
{
    public AddHumanUserValidator()
    {
        RuleFor(c => c.UserName).CodePoints(1, 200, Errors.User.UserNameInvalid, "user_name");
        RuleFor(c => c.UserName).AllowedText("user_name");
        RuleFor(c => c.UserName).Must(n => !string.IsNullOrWhiteSpace(n)).WithErrorCode(Errors.User.UserNameBlank).WithMessage("user_name must not be blank").OverridePropertyName("user_name");
        RuleFor(c => c.Profile).NotNull().WithErrorCode(Errors.User.ProfileRequired).WithMessage("profile is required").OverridePropertyName("profile");
        When(c => c.Profile is not null, () =>
        {
            RuleFor(c => c.Profile!.FirstName).CodePoints(1, 200, Errors.User.FirstNameInvalid, "profile.first_name");
            RuleFor(c => c.Profile!.LastName).CodePoints(1, 200, Errors.User.LastNameInvalid, "profile.last_name");
            RuleFor(c => c.Profile!.NickName).CodePoints(0, 200, Errors.User.NickNameInvalid, "profile.nick_name");
            RuleFor(c => c.Profile!.DisplayName).CodePoints(0, 200, Errors.User.DisplayNameInvalid, "profile.display_name");
            RuleFor(c => c.Profile!.PreferredLanguage).CodePoints(0, 10, Errors.User.PreferredLanguageInvalid, "profile.preferred_language");
            RuleFor(c => c.Profile!.FirstName).AllowedText("profile.first_name");
            RuleFor(c => c.Profile!.LastName).AllowedText("profile.last_name");
            RuleFor(c => c.Profile!.NickName).AllowedText("profile.nick_name");
            RuleFor(c => c.Profile!.DisplayName).AllowedText("profile.display_name");
            RuleFor(c => c.Profile!.PreferredLanguage).AllowedText("profile.preferred_language");
            RuleFor(c => c.Profile!.Gender).IsInEnum().WithErrorCode(Errors.User.GenderInvalid).WithMessage("profile.gender is not a known gender").OverridePropertyName("profile.gender");
        });
        RuleFor(c => c.Email).NotNull().WithErrorCode(Errors.User.EmailRequired).WithMessage("email is required").OverridePropertyName("email");
        When(c => c.Email is not null, () =>
        {
            RuleFor(c => c.Email!.Email).Must(UserFieldRules.IsEmailAddress)
                .WithErrorCode(Errors.User.EmailInvalid).WithMessage("email.email must be a valid email address of at most 200 characters").OverridePropertyName("email.email");
            RuleFor(c => c.Email!.Email).AllowedText("email.email");
        });
        When(c => c.Phone is not null, () =>
        {
            RuleFor(c => c.Phone!.Phone).Must(p => PhoneNumber.Normalize(p) is not null)
                .WithErrorCode(Errors.User.PhoneInvalid).WithMessage(PhoneNumber.Rule).OverridePropertyName("phone.phone");
            RuleFor(c => c.Phone!.Phone).AllowedText("phone.phone");
        });
        When(c => !string.IsNullOrEmpty(c.Password), () =>
            RuleFor(c => c.Password).CodePoints(1, 72, Errors.User.PasswordLength, "initial_password"));
    }
}
