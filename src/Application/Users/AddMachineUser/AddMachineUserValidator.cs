using FluentValidation;
using Identity.Application.Common;

namespace Identity.Application.Users.AddMachineUser;

public sealed class AddMachineUserValidator : AbstractValidator<AddMachineUserCommand>
{
    public AddMachineUserValidator()
    {
        RuleFor(c => c.UserName).CodePoints(1, 200, "USER-UserNameInvalid", "user_name");
        RuleFor(c => c.UserName).Must(n => !string.IsNullOrWhiteSpace(n)).WithErrorCode("USER-UserNameBlank").WithMessage("user_name must not be blank").OverridePropertyName("user_name");
        RuleFor(c => c.Name).CodePoints(1, 200, "USER-MachineNameInvalid", "name");
        RuleFor(c => c.Description).CodePoints(0, 500, "USER-DescriptionInvalid", "description");
        RuleFor(c => c.AccessTokenType).IsInEnum().WithErrorCode("USER-AccessTokenTypeInvalid").WithMessage("access_token_type is not a known type").OverridePropertyName("access_token_type");
        When(c => !string.IsNullOrEmpty(c.UserId), () =>
            RuleFor(c => c.UserId).CodePoints(1, 200, "USER-UserIdInvalid", "user_id"));
    }
}
