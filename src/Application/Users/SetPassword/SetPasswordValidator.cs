using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.SetPassword;

/// <summary>user_id 1..200, password 1..72 characters (code points), as SetHumanInitialPassword.</summary>
internal sealed class SetPasswordValidator : AbstractValidator<SetPasswordCommand>
{
    public SetPasswordValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.Password).CodePoints(1, 72, Errors.User.PasswordLength, "password");
    }
}
