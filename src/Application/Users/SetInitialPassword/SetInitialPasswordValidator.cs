using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.SetInitialPassword;

/// <summary>docs/rules.md step 4: user_id 1..200, password 1..72 characters (code points).</summary>
internal sealed class SetInitialPasswordValidator : AbstractValidator<SetInitialPasswordCommand>
{
    public SetInitialPasswordValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.Password).CodePoints(1, 72, Errors.User.PasswordLength, "password");
    }
}
