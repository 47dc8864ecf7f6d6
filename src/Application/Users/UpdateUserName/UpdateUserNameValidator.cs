using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.UpdateUserName;

internal sealed class UpdateUserNameValidator : AbstractValidator<UpdateUserNameCommand>
{
    public UpdateUserNameValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.UserName).CodePoints(1, 200, Errors.User.UserNameInvalid, "user_name");
        RuleFor(c => c.UserName).AllowedText("user_name");
        RuleFor(c => c.UserName).Must(n => !string.IsNullOrWhiteSpace(n)).WithErrorCode(Errors.User.UserNameBlank).WithMessage("user_name must not be blank").OverridePropertyName("user_name");
    }
}
