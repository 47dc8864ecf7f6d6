using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users.AddMachineUser;

internal sealed class AddMachineUserValidator : AbstractValidator<AddMachineUserCommand>
{
    public AddMachineUserValidator()
    {
        RuleFor(c => c.UserName).CodePoints(1, 200, Errors.User.UserNameInvalid, "user_name");
        RuleFor(c => c.UserName).AllowedText("user_name");
        RuleFor(c => c.UserName).Must(n => !string.IsNullOrWhiteSpace(n)).WithErrorCode(Errors.User.UserNameBlank).WithMessage("user_name must not be blank").OverridePropertyName("user_name");
        RuleFor(c => c.Name).CodePoints(1, 200, Errors.User.MachineNameInvalid, "name");
        RuleFor(c => c.Name).AllowedText("name");
        RuleFor(c => c.Description).CodePoints(0, 500, Errors.User.DescriptionInvalid, "description");
        RuleFor(c => c.Description).AllowedText("description");
        RuleFor(c => c.AccessTokenType).IsInEnum().WithErrorCode(Errors.User.AccessTokenTypeInvalid).WithMessage("access_token_type is not a known type").OverridePropertyName("access_token_type");
        When(c => !string.IsNullOrEmpty(c.UserId), () =>
        {
            RuleFor(c => c.UserId).AllowedText("user_id");
            RuleFor(c => c.UserId).Must(User.IsWellFormedId)
                .WithErrorCode(Errors.User.UserIdInvalid).WithMessage($"user_id must be 1 to {User.MaxIdLength} characters of A-Z, a-z, 0-9, '_' and '-'")
                .OverridePropertyName("user_id");
        });
    }
}
