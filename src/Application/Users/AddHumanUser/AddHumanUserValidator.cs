using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users.AddHumanUser;

/// <summary>The shared user name, profile and email rules (<see cref="HumanUserInputValidator{T}"/>), then its own.</summary>
internal sealed class AddHumanUserValidator : HumanUserInputValidator<AddHumanUserCommand>
{
    public AddHumanUserValidator()
    {
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
