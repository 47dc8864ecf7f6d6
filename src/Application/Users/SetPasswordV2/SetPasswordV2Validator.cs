using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.SetPasswordV2;

/// <summary>
/// user_id 1..200; new_password.password 1..72 code points (the rule of every password this module sets,
/// stricter than upstream's 200); current_password, when sent, 1..200;
/// verification_code, when sent, 1..20.
/// </summary>
internal sealed class SetPasswordV2Validator : AbstractValidator<SetPasswordV2Command>
{
    public SetPasswordV2Validator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.NewPassword).CodePoints(1, 72, Errors.User.PasswordLength, "new_password.password");
        RuleFor(c => c.CurrentPassword!).CodePoints(1, 200, Errors.User.CurrentPasswordInvalid, "current_password").When(c => c.CurrentPassword is not null);
        RuleFor(c => c.VerificationCode!).CodePoints(1, 20, Errors.User.ResetCodeInvalid, "verification_code").When(c => c.VerificationCode is not null);
    }
}
